import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { generateSecretKey, identityFromSecretKey } from '../../src/core/identity';
import { silentLogger, type Platform } from '../../src/core/platform';
import { nodePlatform } from '../../src/main/platform';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { tempDir } from './backends';

/**
 * A bare engine on a real SQLite file, for tests that wire pipes by hand.
 * `clockOffsetMs` models a machine whose clock is wrong. The returned
 * `dispose` stops it and removes its folder.
 */
function startEngine(name: string, options: { clockOffsetMs?: number } = {}): { engine: Engine; dispose(): void } {
  const dir = tempDir();
  const base = nodePlatform(silentLogger);
  const platform: Platform = { ...base, clock: { now: () => Date.now() + (options.clockOffsetMs ?? 0) } };
  const store = new SqliteStore(join(dir.path, 'lanline.db'));
  const engine = new Engine({
    identity: identityFromSecretKey(generateSecretKey(base.randomBytes)),
    platform,
    store,
    name,
    role: 'basic',
  });
  return {
    engine,
    dispose() {
      engine.stop();
      store.close();
      dir.remove();
    },
  };
}

/**
 * Engines for one test file: `node()` starts one, and every engine and any
 * extra teardown registered with `defer()` is undone after each test.
 */
export function engineScope(afterEach: (hook: () => void) => void) {
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((undo) => undo()));
  return {
    node(name: string, clockOffsetMs = 0) {
      const { engine, dispose } = startEngine(name, { clockOffsetMs });
      cleanup.push(dispose);
      return engine;
    },
    /** Runs before the engines are disposed (pipes, timers). */
    defer(undo: () => void) {
      cleanup.unshift(undo);
    },
  };
}
