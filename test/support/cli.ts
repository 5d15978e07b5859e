import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Host } from './netns';

/** The built CLI, exactly as `lanline` runs it. */
export const LANLINE = resolve(import.meta.dirname, '../../bin/lanline.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a client command against a node's data folder (the control socket is a file, reachable from any namespace). */
export function lanline(args: string[], timeoutMs = 15_000): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [LANLINE, ...args], { timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export async function lanlineJson<T>(args: string[]): Promise<T> {
  const result = await lanline([...args, '--json']);
  if (result.code !== 0) throw new Error(`lanline ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Starts `lanline node` inside a namespace host; its log is kept for failure messages. */
export function startNode(host: Host, dataDir: string, name: string, extra: string[] = []): ChildProcess & { log: string[] } {
  const child = host.spawn(process.execPath, [
    LANLINE,
    'node',
    '--data-dir',
    dataDir,
    '--name',
    name,
    '--port',
    '7400',
    ...extra,
  ]);
  const log: string[] = [];
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  return Object.assign(child, { log });
}
