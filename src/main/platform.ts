import { randomBytes } from 'node:crypto';
import type { Logger, LogLevel, Platform } from '../core/platform';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

/**
 * Human-readable lines on stderr by default (stdout stays clean for --json),
 * or one JSON object per line for log shippers.
 */
export function createLogger(options: { level: LogLevel; json?: boolean; sink?: LogSink; scope?: string }): Logger {
  const sink = options.sink ?? { write: (line: string) => process.stderr.write(line) };
  const threshold = ORDER[options.level];
  const emit = (scope: string | undefined, level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    const time = new Date().toISOString();
    if (options.json) {
      sink.write(`${JSON.stringify({ time, level, scope, msg, ...fields })}\n`);
      return;
    }
    const detail = fields
      ? Object.entries(fields)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ')
      : '';
    sink.write(`${time} ${level.padEnd(5)} ${scope ? `[${scope}] ` : ''}${msg}${detail ? ` ${detail}` : ''}\n`);
  };
  const make = (scope: string | undefined): Logger => ({
    debug: (m, f) => emit(scope, 'debug', m, f),
    info: (m, f) => emit(scope, 'info', m, f),
    warn: (m, f) => emit(scope, 'warn', m, f),
    error: (m, f) => emit(scope, 'error', m, f),
    child: (child) => make(scope ? `${scope}.${child}` : child),
  });
  return make(options.scope);
}

export function nodePlatform(log: Logger): Platform {
  return {
    clock: { now: () => Date.now() },
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    log,
  };
}
