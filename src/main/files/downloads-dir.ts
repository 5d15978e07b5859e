import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { defaultDataDir } from '../config';
import { PART_SUFFIX } from './part-file';

/**
 * Where received files land, unless the user picks a folder (the
 * `files.downloadsDir` setting, or the `downloadsDir` config):
 * - a node on the default data folder (the desktop app, one person's
 *   machine) uses the OS Downloads folder, as every browser does;
 * - a node given its own `--data-dir` (a headless super peer, several nodes
 *   on one machine, every test) keeps its files apart in `<dataDir>/downloads`.
 */
export function defaultDownloadsDir(dataDir: string, env = process.env): string {
  if (resolve(dataDir) !== resolve(defaultDataDir(env))) return join(dataDir, 'downloads');
  const home = homedir();
  const xdg = env.XDG_DOWNLOAD_DIR;
  return xdg && xdg.startsWith('/') ? xdg : join(home, 'Downloads');
}

/** "report.pdf" → "report (1).pdf"; folders and extension-less names get the number at the end. */
function numbered(name: string, n: number, isFolder: boolean): string {
  const ext = isFolder ? '' : extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  return `${stem} (${n})${ext}`;
}

/**
 * Picks the top-level name an offer lands under in `dir`: its file or folder
 * name, numbered when that (or its part file) is already there or taken by
 * another transfer in progress, so nothing on disk is ever overwritten.
 */
export function freeTopLevelName(dir: string, name: string, isFolder: boolean, taken: ReadonlySet<string>): string {
  for (let n = 0; n < 10_000; n++) {
    const candidate = n === 0 ? name : numbered(name, n, isFolder);
    const path = join(dir, candidate);
    if (!taken.has(path) && !existsSync(path) && !existsSync(path + PART_SUFFIX)) return candidate;
  }
  throw new Error(`no free name for ${name} in ${dir}`);
}
