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
export function startEngine(name: string, options: { clockOffsetMs?: number } = {}): { engine: Engine; dispose(): void } {
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
