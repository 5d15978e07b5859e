import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Backend, type RtcMode } from '../backend';
import { BridgeServer } from '../bridge/server';
import type { Config } from '../config';
import { ControlServer } from '../control/server';
import { connectControl } from '../control/client';
import { LanlineError } from '../../core/errors';
import { bundledChunkWorker } from '../files/chunk-worker';

/** Where electron-vite puts the built renderer, next to this bundle in out/. */
export function builtRendererDir(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}

async function refuseSecondNode(dataDir: string): Promise<void> {
  const running = await connectControl(dataDir).catch(() => undefined);
  if (!running) return;
  running.close();
  throw new LanlineError('invalid-input', `A Lanline node is already running with data folder ${dataDir}.`);
}

export interface RunningHost {
  backend: Backend;
  url?: string;
  stop(): Promise<void>;
}

/**
 * Starts a backend with its control socket and, for `serve`, the browser
 * bridge. SIGINT and SIGTERM flush and exit cleanly.
 */
export async function startHost(config: Config, mode: 'node' | 'serve', uiPort = 0): Promise<RunningHost> {
  await refuseSecondNode(config.dataDir);
  const rtc: RtcMode = mode === 'node' ? 'wrtc' : 'window';
  const backend = await Backend.start(config, { rtc, fileWorker: bundledChunkWorker(import.meta.url) });
  const control = new ControlServer(backend, backend.log.child('control'));
  await control.listen();
  let bridge: BridgeServer | undefined;
  if (mode === 'serve') {
    const rendererDir = builtRendererDir();
    if (!existsSync(rendererDir)) backend.log.warn('the UI is not built; run `npm run build` first', { rendererDir });
    bridge = new BridgeServer(backend, rendererDir, backend.log.child('bridge'));
    await bridge.listen(uiPort);
  }
  const stop = async () => {
    await bridge?.close();
    await control.close();
    await backend.stop();
  };
  return { backend, url: bridge?.url, stop };
}

export function stopOnSignals(host: RunningHost): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    host.backend.log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 5000);
    void host.stop().then(() => {
      clearTimeout(force);
      process.exit(0);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
