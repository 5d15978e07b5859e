/** One host of a virtual LAN: processes run inside its namespace, and its links can be cut and shaped. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { LanSpecError } from './errors';
import { ipIn } from './ip';
import { killGroup } from './namespaces';
import { routeCommands, type Attachment, type HostPlan } from './plan';
import { qdiscFor, setRootQdisc, type ShapeOptions } from './shaping';

export interface Host {
  name: string;
  /** Network namespace name, `ll-<run>-<name>`. */
  ns: string;
  /** Address on the host's first subnet. */
  address: string;
  /** Subnet ids this host joins, in order; the first carries the multicast route. */
  subnets: string[];
  /** Subnet id → this host's address on it. */
  addresses: Record<string, string>;
  /**
   * Starts `cmd` inside the namespace in its own process group. `env` is added to
   * the inherited environment. destroy() stops it.
   */
  spawn(cmd: string, args: string[], options?: SpawnOptions): ChildProcess;
  /** Runs `cmd` inside the namespace to completion; rejects only on timeout (default 15 s) or spawn failure. */
  exec(
    cmd: string,
    args: string[],
    options?: { timeoutMs?: number; env?: NodeJS.ProcessEnv },
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Takes the host's interface on `subnet` (default: its first) down, as if the cable were pulled. */
  linkDown(subnet?: string): Promise<void>;
  /** Brings the interface back up and restores the routes through it (multicast, default, routed subnets). */
  linkUp(subnet?: string): Promise<void>;
  /**
   * Shapes the host's link on `subnet` in both directions (host egress and switch
   * port egress). Rate alone uses tbf; delay or loss need netem (see
   * netemAvailability()). No options, or all zero, removes shaping.
   */
  shape(opts: ShapeOptions, subnet?: string): Promise<void>;
}

/** What a host needs from its LAN: whether it is being destroyed, and where to register children so destroy() stops them. */
export interface HostOwner {
  readonly id: string;
  readonly destroying: Promise<void> | undefined;
  track(child: ChildProcess): void;
}

export class LanHost implements Host {
  readonly name: string;
  readonly ns: string;
  readonly address: string;
  readonly subnets: string[];
  readonly addresses: Record<string, string>;

  constructor(
    private readonly lan: HostOwner,
    private readonly plan: HostPlan,
  ) {
    this.name = plan.name;
    this.ns = plan.ns;
    this.address = plan.attachments[0]!.address;
    this.subnets = plan.attachments.map((a) => a.subnet.id);
    this.addresses = Object.fromEntries(plan.attachments.map((a) => [a.subnet.id, a.address]));
  }

  spawn(cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    if (this.lan.destroying) throw new Error(`LAN ${this.lan.id} is destroyed; cannot spawn ${cmd}`);
    // detached: its own process group, so destroy() reaches what it forks too.
    const child = spawn('ip', ['netns', 'exec', this.ns, cmd, ...args], {
      stdio: 'pipe',
      ...options,
      env: { ...process.env, ...options.env },
      detached: true,
    });
    this.lan.track(child);
    return child;
  }

  exec(cmd: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
    const timeoutMs = options.timeoutMs ?? 15_000;
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = this.spawn(cmd, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        killGroup(child, 'SIGKILL');
        reject(new Error(`${this.name}: \`${[cmd, ...args].join(' ')}\` timed out after ${timeoutMs} ms\n${stderr}`));
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code, sig) => {
        clearTimeout(timer);
        resolve({ code: code ?? 128 + (sig ? osConstants.signals[sig] : 0), stdout, stderr });
      });
    });
  }

  async linkDown(subnet?: string): Promise<void> {
    await ipIn(this.ns, [`link set dev ${this.attachment(subnet).iface} down`]);
  }

  async linkUp(subnet?: string): Promise<void> {
    const a = this.attachment(subnet);
    // The kernel drops routes through a downed link and does not restore hand-added ones.
    const routes = routeCommands(this.plan.routes.filter((r) => r.dev === a.iface));
    await ipIn(this.ns, [`link set dev ${a.iface} up`, ...routes]);
  }

  async shape(opts: ShapeOptions, subnet?: string): Promise<void> {
    const a = this.attachment(subnet);
    const qdisc = qdiscFor(opts);
    await Promise.all([setRootQdisc(this.ns, a.iface, qdisc), setRootQdisc(a.subnet.ns, a.port, qdisc)]);
  }

  private attachment(subnet?: string): Attachment {
    const found = subnet === undefined ? this.plan.attachments[0] : this.plan.attachments.find((a) => a.subnet.id === subnet);
    if (!found) throw new LanSpecError(`host ${this.name} is not on subnet ${subnet}`);
    return found;
  }
}
