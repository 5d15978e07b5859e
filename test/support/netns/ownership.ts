/**
 * Which process owns a run. The owner's pid (and start time) is kept in
 * /tmp/lanline-netns/<run>.pid, so cleanupStaleNamespaces() removes a crashed
 * run's leftovers and never a live run's: another test file may be using its
 * LAN right now.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deleteNamespaces, listNamespaces, pidsIn, runNamespaces, signal, unlessGone } from './namespaces';

const RUN_DIR = '/tmp/lanline-netns';
const RUN_NS = /^ll-([0-9a-f]{6})-/;

/** Field 22 of /proc/<pid>/stat: start time in clock ticks, which tells a live owner from a reused pid. */
function procStat(pid: number): { start: string; zombie: boolean } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { start: fields[19] ?? '', zombie: fields[0] === 'Z' };
  } catch {
    return undefined; // no such process
  }
}

function ownerAlive(runId: string): boolean {
  let content: string;
  try {
    content = readFileSync(join(RUN_DIR, `${runId}.pid`), 'utf8');
  } catch {
    return false;
  }
  const [pid, start] = content.trim().split(/\s+/);
  const proc = procStat(Number(pid));
  return proc !== undefined && !proc.zombie && (start === undefined || proc.start === start);
}

/** Picks a run id no one holds and records this process as its owner (O_EXCL makes the claim atomic). */
export function claimRunId(): { id: string; pidFile: string } {
  mkdirSync(RUN_DIR, { recursive: true });
  for (;;) {
    const hex = randomBytes(3).toString('hex');
    const pidFile = join(RUN_DIR, `${hex}.pid`);
    if (runNamespaces(`ll-${hex}`).length > 0) continue;
    let fd: number;
    try {
      fd = openSync(pidFile, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    writeSync(fd, `${process.pid} ${procStat(process.pid)?.start ?? ''}\n`);
    closeSync(fd);
    return { id: `ll-${hex}`, pidFile };
  }
}

export function releaseRunId(pidFile: string): void {
  rmSync(pidFile, { force: true });
}

/**
 * Deletes `ll-<run>-*` namespaces (and kills what runs in them) whose owning
 * process is gone. Safe to call while other test files hold live LANs.
 * Returns how many namespaces were deleted.
 */
export async function cleanupStaleNamespaces(): Promise<number> {
  const byRun = new Map<string, string[]>();
  for (const ns of listNamespaces()) {
    const run = RUN_NS.exec(ns)?.[1];
    if (run) byRun.set(run, [...(byRun.get(run) ?? []), ns]);
  }
  let pidFiles: string[] = [];
  try {
    pidFiles = readdirSync(RUN_DIR).filter((f) => /^[0-9a-f]{6}\.pid$/.test(f));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let deleted = 0;
  for (const runId of new Set([...byRun.keys(), ...pidFiles.map((f) => f.slice(0, 6))])) {
    if (ownerAlive(runId)) continue;
    const namespaces = byRun.get(runId) ?? [];
    try {
      for (const pid of await pidsIn(namespaces)) signal(pid, 'SIGKILL');
      await deleteNamespaces(namespaces);
    } catch (error) {
      unlessGone(namespaces, error);
    }
    deleted += namespaces.length;
    releaseRunId(join(RUN_DIR, `${runId}.pid`));
  }
  return deleted;
}
