/**
 * What the engine needs from its host. The engine never reaches for a clock,
 * randomness or a console itself, so tests and every host inject their own.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export interface Platform {
  clock: Clock;
  randomBytes(length: number): Uint8Array;
  log: Logger;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
