import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Backend, type RtcMode } from '../../src/main/backend';
import { resolveConfig, type ConfigInput } from '../../src/main/config';
import type { SpawnChunkWorker } from '../../src/main/files/chunk-worker';
import { connectInProcess } from '../../src/main/in-process-client';
import { createLogger } from '../../src/main/platform';
import type { Logger, LogLevel } from '../../src/core/platform';

/** Collects log lines so a test can assert the reason a frame was dropped. */
export function recordingLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = createLogger({ level, json: true, sink: { write: (line) => void lines.push(line) } });
  return Object.assign(log, { lines });
}

export function tempDir(prefix = 'lanline-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestBackend {
  backend: Backend;
  api: ReturnType<typeof connectInProcess>;
  log: ReturnType<typeof recordingLogger>;
  address: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The file worker from source, as the built hosts start it from out/main/chunk-worker.js. */
export const sourceChunkWorker: SpawnChunkWorker = (data) =>
  new Worker(new URL('./source-worker.mjs', import.meta.url), {
    workerData: { ...data, entry: new URL('../../src/main/files/chunk-worker-thread.ts', import.meta.url).href },
  });

/** A real backend on loopback with real wrtc and SQLite; mDNS stays off in-process. */
export async function startTestBackend(
  name: string,
  overrides: Partial<ConfigInput> = {},
  dataDir?: string,
  rtc: RtcMode = 'wrtc',
): Promise<TestBackend> {
  const dir = dataDir ? undefined : tempDir();
  const log = recordingLogger();
  const config = resolveConfig({ dataDir: dataDir ?? dir!.path, name, host: '127.0.0.1', mdns: false, ...overrides });
  const backend = await Backend.start(config, { rtc, log, fileWorker: sourceChunkWorker });
  const api = connectInProcess(backend);
  return {
    backend,
    api,
    log,
    address: `127.0.0.1:${backend.signallingPort}`,
    dataDir: config.dataDir,
    async stop() {
      api.close();
      await backend.stop();
      dir?.remove();
    },
  };
}

/** Peers fully linked both ways. */
export async function linked(a: TestBackend, b: TestBackend): Promise<void> {
  const aId = a.backend.identity.peerId;
  const bId = b.backend.identity.peerId;
  await waitFor('a verified link both ways', () => a.backend.engine.isLinked(bId) && b.backend.engine.isLinked(aId), 15_000);
}

/** Ada, and Bob dialling her by address, once linked both ways; both go into `running` to be stopped. */
export async function startLinkedPair(running: TestBackend[]) {
  const ada = await startTestBackend('Ada');
  const bob = await startTestBackend('Bob', { peers: [ada.address] });
  running.push(ada, bob);
  await linked(ada, bob);
  return { ada, bob, adaId: ada.backend.identity.peerId, bobId: bob.backend.identity.peerId };
}

/** Polls until `check` returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Ports free on 127.0.0.1 right now, for processes that must keep their port across a restart. */
export async function freePorts(count: number): Promise<number[]> {
  const { createServer } = await import('node:net');
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
