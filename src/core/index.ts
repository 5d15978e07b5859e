/**
 * Lanline's protocol engine: identity, the wire codec, verified links,
 * messaging and the UI↔backend contract. Isomorphic TypeScript; the host
 * injects clock, randomness, logging, storage and pipes.
 *
 * @example
 * const engine = new Engine({ identity, platform, store, name: 'Ada', role: 'basic' });
 * await engine.attach(pipe, remotePeerId);
 * engine.messaging.send(remotePeerId, 'hello');
 */
export * from './engine';
export * from './errors';
export * from './identity';
export * from './model';
export * from './platform';
export type { Pipe } from './pipe';
export type { RtcHost, RtcIceServer } from './rtc/host';
export type { EngineStore, PeerRecord } from './store';
