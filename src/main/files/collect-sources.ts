import { lstat, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { LanlineError } from '../../core/errors';
import { MAX_ENTRIES } from '../../core/files/manifest';
import { pathProblem } from '../../core/files/paths';

export interface SourceFile {
  /** Where it is on this machine. */
  path: string;
  /** Where it lands on the other side: the name, or "folder/sub/name". */
  relative: string;
  /** Bytes when it was found: what progress counts towards (indexing takes the size afresh when it opens the file). */
  size: number;
}

/** Regular files, and the regular files inside folders (as "folder/sub/file"); links and devices are skipped. */
export async function collectSources(paths: string[]): Promise<SourceFile[]> {
  if (paths.length === 0) throw new LanlineError('invalid-input', 'Nothing to send.');
  const found: SourceFile[] = [];
  const visit = async (path: string, relative: string) => {
    if (pathProblem(relative))
      throw new LanlineError('invalid-input', `${relative} cannot be shared: its name does not travel safely to other systems.`);
    const info = await lstat(path).catch(() => {
      throw new LanlineError('invalid-input', `${path} does not exist.`);
    });
    if (info.isFile()) found.push({ path, relative, size: info.size });
    else if (info.isDirectory())
      for (const name of (await readdir(path)).sort()) {
        if (found.length > MAX_ENTRIES) break;
        await visit(join(path, name), `${relative}/${name}`);
      }
    if (found.length > MAX_ENTRIES)
      throw new LanlineError(
        'invalid-input',
        `At most ${MAX_ENTRIES} files can be offered at once; zip the folder or send it in parts.`,
      );
  };
  for (const path of paths) await visit(resolve(path), basename(resolve(path)));
  if (found.length === 0) throw new LanlineError('invalid-input', 'There are no files to send there.');
  return found;
}
