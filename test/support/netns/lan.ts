/** Building and tearing down a virtual LAN, including when the owning process dies without asking. */
import type { ChildProcess } from 'node:child_process';
import { enableForwarding, ipIn, run } from './ip';
import { LanSpecError } from './errors';
import { LanHost, type Host, type HostOwner } from './host';
import { deleteNamespaces, deleteNamespacesSync, killGroup, pidsIn, pidsInSync, runNamespaces, signal } from './namespaces';
import { claimRunId, releaseRunId } from './ownership';
import { planLan, routeCommands, type LanPlan, type LanSpec } from './plan';

export interface VirtualLan {
  /** Run prefix shared by every namespace of this LAN, `ll-<6 hex>`. */
  id: string;
  hosts: Host[];
  host(name: string): Host;
  /** Stops every process in the LAN's namespaces (SIGTERM, then SIGKILL), deletes them. Idempotent. */
  destroy(): Promise<void>;
}

const liveLans = new Set<Lan>();
let exitHookInstalled = false;

/**
 * A test that fails before its `finally`, or a worker stopped mid-test, is the
 * last chance not to leak namespaces. Vitest stops a forks-pool worker with
 * SIGTERM, which skips 'exit'; so on a signal we clean up and then die of it as
 * before. (A threads-pool worker is terminated with no event at all: the net
 * tier runs in forks, and cleanupStaleNamespaces() catches SIGKILL.)
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const destroyAll = () => {
    for (const lan of liveLans) lan.destroySync();
  };
  process.on('exit', destroyAll);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = () => {
      destroyAll();
      process.removeListener(sig, onSignal);
      // Our listener replaced the default action; restore it unless someone else handles the signal.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

class Lan implements VirtualLan, HostOwner {
  readonly hosts: Host[];
  destroying: Promise<void> | undefined;
  private readonly children = new Set<ChildProcess>();

  constructor(
    readonly id: string,
    private readonly pidFile: string,
    private readonly plan: LanPlan,
    private readonly killGraceMs: number,
  ) {
    this.hosts = plan.hosts.map((h) => new LanHost(this, h));
  }

  host(name: string): Host {
    const found = this.hosts.find((h) => h.name === name);
    if (!found) throw new LanSpecError(`LAN ${this.id} has no host ${name}`);
    return found;
  }

  track(child: ChildProcess): void {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
  }

  /** Three rounds of `ip`, each in parallel: namespaces; bridges, host ends and forwarding; bridge ports. */
  async build(): Promise<void> {
    const { subnets, hosts } = this.plan;
    const all = [...subnets.map((s) => s.ns), ...hosts.map((h) => h.ns)];
    await run('ip', ['-batch', '-'], all.map((ns) => `netns add ${ns}\n`).join(''));
    await Promise.all([
      // Snooping off: with no querier on the LAN, a snooping bridge would stop flooding mDNS.
      ...subnets.map((s) => ipIn(s.ns, ['link add name br0 type bridge mcast_snooping 0', 'link set br0 up'])),
      ...hosts.map((h) =>
        ipIn(h.ns, [
          'link set lo up',
          ...h.attachments.flatMap((a) => [
            `link add name ${a.iface} type veth peer name ${a.port} netns ${a.subnet.ns}`,
            `addr add ${a.address}/${a.subnet.prefix} dev ${a.iface}`,
            `link set ${a.iface} up`,
          ]),
          ...routeCommands(h.routes),
        ]),
      ),
      ...hosts.filter((h) => h.router).map((h) => enableForwarding(h.ns)),
    ]);
    await Promise.all(
      subnets.map((s) =>
        ipIn(
          s.ns,
          hosts.flatMap((h) =>
            h.attachments
              .filter((a) => a.subnet === s)
              .flatMap((a) => [`link set ${a.port} master br0`, `link set ${a.port} up`]),
          ),
        ),
      ),
    );
  }

  destroy(): Promise<void> {
    this.destroying ??= this.teardown();
    return this.destroying;
  }

  private async teardown(): Promise<void> {
    try {
      await this.stopProcesses();
    } finally {
      try {
        await deleteNamespaces(runNamespaces(this.id));
      } finally {
        releaseRunId(this.pidFile);
        liveLans.delete(this);
      }
    }
  }

  /** Everything in the namespaces, not only what we spawned: a node's own children would outlive it. */
  private async stopProcesses(): Promise<void> {
    const namespaces = runNamespaces(this.id);
    const stopAll = async (sig: NodeJS.Signals) => {
      for (const child of this.children) killGroup(child, sig);
      for (const pid of await pidsIn(namespaces)) signal(pid, sig);
    };
    const drained = async (ms: number) => {
      for (const deadline = Date.now() + ms; Date.now() < deadline;) {
        if (this.children.size === 0 && (await pidsIn(namespaces)).length === 0) return true;
        await new Promise((r) => setTimeout(r, 25));
      }
      return false;
    };
    if (this.children.size === 0 && (await pidsIn(namespaces)).length === 0) return;
    await stopAll('SIGTERM');
    if (await drained(this.killGraceMs)) return;
    await stopAll('SIGKILL');
    await drained(1000);
  }

  destroySync(): void {
    if (!liveLans.has(this)) return;
    liveLans.delete(this);
    try {
      for (const child of this.children) killGroup(child, 'SIGKILL');
      const namespaces = runNamespaces(this.id);
      for (const pid of pidsInSync(namespaces)) signal(pid, 'SIGKILL');
      deleteNamespacesSync(namespaces);
    } catch (error) {
      process.stderr.write(`lanline netns: could not clean up ${this.id}: ${String(error)}\n`);
    } finally {
      releaseRunId(this.pidFile);
    }
  }
}

/** Builds a virtual LAN. The caller must `await lan.destroy()`; process exit is only a fallback. */
export async function createLan(spec: LanSpec): Promise<VirtualLan> {
  const { id, pidFile } = claimRunId();
  let lan: Lan;
  try {
    lan = new Lan(id, pidFile, planLan(spec, id), spec.killGraceMs ?? 2000);
  } catch (error) {
    releaseRunId(pidFile);
    throw error;
  }
  liveLans.add(lan);
  installExitHook();
  try {
    await lan.build();
  } catch (error) {
    await lan.destroy();
    throw error;
  }
  return lan;
}
