#!/usr/bin/env node
// The `lanline` command. The CLI is bundled with the backend by electron-vite.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('lanline: not built yet. Run `npm run build` in the Lanline folder first.\n');
  process.exit(1);
}
await import(cli.href);
