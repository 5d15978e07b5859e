// Builds out/ when it is missing or older than any source file, so `npm test`
// always exercises the code as it is (the net and e2e tiers run the bundle).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stamp = 'out/main/cli.js';
const stale =
  !existsSync(stamp) ||
  !existsSync('out/renderer/index.html') ||
  Math.max(newest('src'), statSync('electron.vite.config.ts').mtimeMs) > statSync(stamp).mtimeMs;
if (stale) {
  process.stdout.write('Building Lanline (electron-vite build)…\n');
  execFileSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
