/** The kernel's side of a run: which namespaces exist, what runs inside them, and removing both. */
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { ipForce, ipForceSync } from './ip';

const NETNS_DIR = '/run/netns';

export function listNamespaces(): string[] {
  try {
    return readdirSync(NETNS_DIR);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Namespaces named `<id>-…`: a run's switches and hosts. */
export function runNamespaces(id: string): string[] {
  return listNamespaces().filter((ns) => ns.startsWith(`${id}-`));
}

export async function pidsIn(namespaces: string[]): Promise<number[]> {
  return namespaces.length ? parsePids(await ipForce(namespaces.map((ns) => `netns pids ${ns}`))) : [];
}

export function pidsInSync(namespaces: string[]): number[] {
  return namespaces.length ? parsePids(ipForceSync(namespaces.map((ns) => `netns pids ${ns}`))) : [];
}

function parsePids(text: string): number[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

/** Another cleaner may have removed some already; only a namespace still present makes the failure real. */
export function unlessGone(namespaces: string[], error: unknown): void {
  const left = new Set(listNamespaces());
  if (namespaces.some((ns) => left.has(ns))) throw error;
}

export async function deleteNamespaces(namespaces: string[]): Promise<void> {
  if (namespaces.length === 0) return;
  await ipForce(namespaces.map((ns) => `netns del ${ns}`)).catch((error: unknown) => unlessGone(namespaces, error));
}

export function deleteNamespacesSync(namespaces: string[]): void {
  if (namespaces.length === 0) return;
  try {
    ipForceSync(namespaces.map((ns) => `netns del ${ns}`));
  } catch (error) {
    unlessGone(namespaces, error);
  }
}

/** A process that already exited is what we wanted, not an error. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Signals the child's whole process group (spawned detached), so what it forked goes too. */
export function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) signal(-child.pid, sig);
}
