/**
 * Virtual LANs for the net test tier. Each host is a Linux network namespace;
 * each subnet is a bridge inside its own "switch" namespace. Nothing is added
 * to the machine's own namespace, so mDNS never reaches a real interface.
 *
 * ```ts
 * const lan = await createLan({ hosts: 2 });
 * try {
 *   const node = lan.host('h1').spawn('node', ['bin/lanline.js', 'node']);
 *   // … lan.host('h2').address is 198.18.1.12 …
 * } finally {
 *   await lan.destroy();
 * }
 * ```
 *
 * Namespaces are named `ll-<run>-<host>` and `ll-<run>-sw.<subnet>`. The
 * owning pid is kept in /tmp/lanline-netns/<run>.pid so that
 * cleanupStaleNamespaces() removes a crashed run's leftovers and never a live
 * run's (another test file may be using its LAN right now). A net-tier global
 * setup should call it; a LAN whose worker was SIGKILLed is only removed then.
 *
 * Needs root, iproute2 (`ip`, `tc`) and a kernel with veth and bridge; shaping
 * delay or loss also needs sch_netem. Runs in vitest's forks pool (see
 * installExitHook for why not threads).
 */
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';

export interface NetAvailability {
  ok: boolean;
  reason?: string;
}

export interface ShapeOptions {
  /** Bandwidth cap in Mbit/s, each direction. */
  rateMbit?: number;
  /** One-way delay in ms, each direction (the round trip grows by twice this). Needs netem. */
  delayMs?: number;
  /** Packet loss in percent, each direction. Needs netem. */
  lossPercent?: number;
}

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
  /** Brings the interface back up and restores its multicast route. */
  linkUp(subnet?: string): Promise<void>;
  /**
   * Shapes the host's link on `subnet` in both directions (host egress and switch
   * port egress). Rate alone uses tbf; delay or loss need netem (see
   * netemAvailability()). No options, or all zero, removes shaping.
   */
  shape(opts: ShapeOptions, subnet?: string): Promise<void>;
}

export interface VirtualLan {
  /** Run prefix shared by every namespace of this LAN, `ll-<6 hex>`. */
  id: string;
  hosts: Host[];
  host(name: string): Host;
  /** Stops every process in the LAN's namespaces (SIGTERM, then SIGKILL), deletes them. Idempotent. */
  destroy(): Promise<void>;
}

export interface LanSpec {
  /** Default: one subnet `a`. A subnet without cidr gets 198.18.<position + 1>.0/24. */
  subnets?: { id: string; cidr?: string }[];
  /** A count (hosts h1…hN on the first subnet) or named hosts with the subnets each joins. */
  hosts: number | { name: string; subnets: string[] }[];
  /** How long destroy() waits after SIGTERM before SIGKILL. Default 2000 ms. */
  killGraceMs?: number;
  /**
   * Give each host a default route on its first subnet, as office machines
   * have. Chromium gathers ICE candidates only on the default route's
   * interface unless the page holds a media permission. The route leads
   * nowhere: the bridges have no uplink.
   */
  gateway?: boolean;
}

/** A command run by this module failed; the message names the command and carries its stderr. */
export class NetnsCommandError extends Error {
  constructor(
    readonly command: string[],
    readonly exitCode: number | string | null,
    readonly stderr: string,
    /** For `-batch` runs: the input line that failed. */
    readonly batchLine?: string,
  ) {
    const at = batchLine ? ` at "${batchLine}"` : '';
    super(`\`${command.join(' ')}\` failed (exit ${exitCode})${at}: ${stderr.trim() || '(no stderr)'}`);
    this.name = 'NetnsCommandError';
  }
}

export class LanSpecError extends Error {
  override name = 'LanSpecError';
}

/** Delay or loss was asked for, and the kernel has no sch_netem. */
export class NetemUnavailableError extends Error {
  override name = 'NetemUnavailableError';
}

const RUN_DIR = '/tmp/lanline-netns';
const NETNS_DIR = '/run/netns';
// RFC 2544 benchmarking range: never routed on a real network, so a test cannot reach anything real.
const TEST_NET = parseCidr('198.18.0.0/15');
const RUN_NS = /^ll-([0-9a-f]{6})-/;
const MULTICAST_ROUTE = '224.0.0.0/4';
const COMMAND_TIMEOUT_MS = 10_000;

// ————— running ip / tc —————

function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = typeof error.code === 'number' || typeof error.code === 'string' ? error.code : null;
      reject(commandError([cmd, ...args], code, stderr || error.message, input));
    });
    child.stdin?.end(input ?? '');
  });
}

function runSync(cmd: string, args: string[], input?: string): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', input: input ?? '', stdio: 'pipe', timeout: COMMAND_TIMEOUT_MS });
  } catch (error) {
    const e = error as { status?: number | null; code?: string; stderr?: string; message: string };
    throw commandError([cmd, ...args], e.status ?? e.code ?? null, e.stderr || e.message, input);
  }
}

function commandError(command: string[], code: number | string | null, stderr: string, input?: string) {
  const line = /Command failed -:(\d+)/.exec(stderr)?.[1];
  return new NetnsCommandError(command, code, stderr, line && input ? input.split('\n')[Number(line) - 1] : undefined);
}

/** One `ip -n ns -batch -` per namespace: a single exec for many changes. */
function ipIn(ns: string, lines: string[]): Promise<string> {
  return run('ip', ['-n', ns, '-batch', '-'], lines.join('\n') + '\n');
}

// ————— namespaces and owners —————

function listNamespaces(): string[] {
  try {
    return readdirSync(NETNS_DIR);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function runNamespaces(id: string): string[] {
  return listNamespaces().filter((ns) => ns.startsWith(`${id}-`));
}

function pidsIn(namespaces: string[]): Promise<number[]> {
  if (namespaces.length === 0) return Promise.resolve([]);
  return run('ip', ['-force', '-batch', '-'], namespaces.map((ns) => `netns pids ${ns}\n`).join('')).then(parsePids);
}

function pidsInSync(namespaces: string[]): number[] {
  return namespaces.length
    ? parsePids(runSync('ip', ['-force', '-batch', '-'], namespaces.map((ns) => `netns pids ${ns}\n`).join('')))
    : [];
}

function parsePids(text: string): number[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

/** Another cleaner may have removed some already; only a namespace still present makes the failure real. */
function unlessGone(namespaces: string[], error: unknown): void {
  const left = new Set(listNamespaces());
  if (namespaces.some((ns) => left.has(ns))) throw error;
}

async function deleteNamespaces(namespaces: string[]): Promise<void> {
  if (namespaces.length === 0) return;
  const input = namespaces.map((ns) => `netns del ${ns}\n`).join('');
  await run('ip', ['-force', '-batch', '-'], input).catch((error: unknown) => unlessGone(namespaces, error));
}

function deleteNamespacesSync(namespaces: string[]): void {
  if (namespaces.length === 0) return;
  try {
    runSync('ip', ['-force', '-batch', '-'], namespaces.map((ns) => `netns del ${ns}\n`).join(''));
  } catch (error) {
    unlessGone(namespaces, error);
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

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
function claimRunId(): { id: string; pidFile: string } {
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
    rmSync(join(RUN_DIR, `${runId}.pid`), { force: true });
  }
  return deleted;
}

// ————— availability probes —————

let netProbe: NetAvailability | undefined;
let netemProbe: NetAvailability | undefined;

function reasonOf(error: unknown): string {
  if (error instanceof NetnsCommandError && error.exitCode === 'ENOENT')
    return `\`${error.command[0]}\` (iproute2) is not installed`;
  return error instanceof Error ? error.message : String(error);
}

/** Runs `body` in a throwaway namespace with a bridge and one veth pair (`pa` ↔ `pb`). */
function probeIn(body: (ns: string) => void): void {
  const ns = `ll-probe-${randomBytes(3).toString('hex')}`;
  runSync('ip', ['netns', 'add', ns]);
  try {
    runSync(
      'ip',
      ['-n', ns, '-batch', '-'],
      'link add name br0 type bridge\nlink add name pa type veth peer name pb\nlink set pa up\n',
    );
    body(ns);
  } finally {
    runSync('ip', ['netns', 'del', ns]);
  }
}

/** Whether this machine can run the net tier: Linux, root, iproute2, veth and bridge support. */
export function netAvailability(): NetAvailability {
  if (netProbe) return netProbe;
  if (process.platform !== 'linux') {
    return (netProbe = { ok: false, reason: `net tier skipped: needs Linux network namespaces, not ${process.platform}` });
  }
  if (process.getuid?.() !== 0) {
    return (netProbe = { ok: false, reason: 'net tier skipped: needs root to create network namespaces' });
  }
  try {
    probeIn(() => {});
    netProbe = { ok: true };
  } catch (error) {
    netProbe = { ok: false, reason: `net tier skipped: cannot build a namespace with veth and bridge: ${reasonOf(error)}` };
  }
  return netProbe;
}

/** Whether shape() can add delay and loss (the kernel needs sch_netem); rate shaping needs only tbf. */
export function netemAvailability(): NetAvailability {
  if (netemProbe) return netemProbe;
  const net = netAvailability();
  if (!net.ok) return (netemProbe = net);
  try {
    probeIn((ns) => runSync('tc', ['-n', ns, 'qdisc', 'add', 'dev', 'pa', 'root', 'netem', 'delay', '1ms']));
    netemProbe = { ok: true };
  } catch (error) {
    netemProbe = {
      ok: false,
      reason: `netem unavailable (kernel needs CONFIG_NET_SCH_NETEM / module sch_netem): ${reasonOf(error)}`,
    };
  }
  return netemProbe;
}

// ————— addresses —————

interface Cidr {
  network: number;
  prefix: number;
}

function parseCidr(text: string): Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  const octets = match?.slice(1, 5).map(Number) ?? [];
  const prefix = Number(match?.[5]);
  if (!match || octets.some((o) => o > 255) || prefix > 32) throw new LanSpecError(`not an IPv4 CIDR: ${text}`);
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return { network: address - (address % size), prefix };
}

function formatIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function within(inner: Cidr, outer: Cidr): boolean {
  const size = 2 ** (32 - outer.prefix);
  return inner.prefix >= outer.prefix && inner.network - (inner.network % size) === outer.network;
}

// ————— plan —————

interface SubnetPlan extends Cidr {
  id: string;
  ns: string;
}

interface Attachment {
  subnet: SubnetPlan;
  /** Interface name inside the host namespace. */
  iface: string;
  /** Peer's name inside the switch namespace. */
  port: string;
  address: string;
}

interface HostPlan {
  name: string;
  ns: string;
  attachments: Attachment[];
  gateway: boolean;
}

/** Routes on a host's first interface: multicast for mDNS, and the default route when asked. */
function firstInterfaceRoutes(plan: HostPlan): string[] {
  const iface = plan.attachments[0]!.iface;
  return [`route replace ${MULTICAST_ROUTE} dev ${iface}`, ...(plan.gateway ? [`route replace default dev ${iface}`] : [])];
}

function planLan(spec: LanSpec, id: string): { subnets: SubnetPlan[]; hosts: HostPlan[] } {
  const subnetSpecs = spec.subnets ?? [{ id: 'a' }];
  if (subnetSpecs.length === 0) throw new LanSpecError('a LAN needs at least one subnet');
  const subnets = subnetSpecs.map((s, i): SubnetPlan => {
    if (!/^[a-z0-9]{1,8}$/.test(s.id)) throw new LanSpecError(`subnet id must be 1–8 of [a-z0-9]: ${s.id}`);
    const cidr = parseCidr(s.cidr ?? `198.18.${i + 1}.0/24`);
    if (!within(cidr, TEST_NET)) throw new LanSpecError(`subnet ${s.id} must lie inside 198.18.0.0/15`);
    return { ...cidr, id: s.id, ns: `${id}-sw.${s.id}` };
  });
  const byId = new Map(subnets.map((s) => [s.id, s]));
  if (byId.size !== subnets.length) throw new LanSpecError('subnet ids must be unique');
  subnets.forEach((a, i) =>
    subnets.slice(i + 1).forEach((b) => {
      if (within(a, b) || within(b, a)) throw new LanSpecError(`subnets ${a.id} and ${b.id} overlap`);
    }),
  );
  const hostSpecs =
    typeof spec.hosts === 'number'
      ? Array.from({ length: spec.hosts }, (_, i) => ({ name: `h${i + 1}`, subnets: [subnets[0]!.id] }))
      : spec.hosts;
  if (hostSpecs.length === 0) throw new LanSpecError('a LAN needs at least one host');
  if (new Set(hostSpecs.map((h) => h.name)).size !== hostSpecs.length) throw new LanSpecError('host names must be unique');
  const hosts = hostSpecs.map((h, i): HostPlan => {
    if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(h.name)) throw new LanSpecError(`host name must be [a-z0-9-], ≤ 20: ${h.name}`);
    if (h.subnets.length === 0 || new Set(h.subnets).size !== h.subnets.length) {
      throw new LanSpecError(`host ${h.name} must join one or more distinct subnets`);
    }
    const attachments = h.subnets.map((subnetId, k): Attachment => {
      const subnet = byId.get(subnetId);
      if (!subnet) throw new LanSpecError(`host ${h.name} joins unknown subnet ${subnetId}`);
      // Host i is .10+i on every subnet it joins, so an address tells you the host.
      const offset = 10 + i + 1;
      if (offset >= 2 ** (32 - subnet.prefix) - 1) throw new LanSpecError(`subnet ${subnetId} is too small for ${h.name}`);
      return { subnet, iface: `eth${k}`, port: `p${i + 1}`, address: formatIp(subnet.network + offset) };
    });
    return { name: h.name, ns: `${id}-${h.name}`, attachments, gateway: spec.gateway ?? false };
  });
  return { subnets, hosts };
}

// ————— the LAN —————

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

function tbfArgs(rateMbit: number): string[] {
  // Burst must hold at least one timer tick of traffic and one full frame; 10 ms of traffic covers HZ ≥ 100.
  const burst = Math.max(16 * 1024, Math.ceil((rateMbit * 1e6) / 8 / 100));
  return ['tbf', 'rate', `${rateMbit}mbit`, 'burst', String(burst), 'latency', '100ms'];
}

class LanHost implements Host {
  readonly name: string;
  readonly ns: string;
  readonly address: string;
  readonly subnets: string[];
  readonly addresses: Record<string, string>;

  constructor(
    private readonly lan: Lan,
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
    const route = a === this.plan.attachments[0] ? firstInterfaceRoutes(this.plan) : [];
    await ipIn(this.ns, [`link set dev ${a.iface} up`, ...route]);
  }

  async shape(opts: ShapeOptions, subnet?: string): Promise<void> {
    const a = this.attachment(subnet);
    for (const [key, value] of Object.entries(opts)) {
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new LanSpecError(`shape ${key} must be ≥ 0`);
    }
    const { rateMbit = 0, delayMs = 0, lossPercent = 0 } = opts;
    const qdisc =
      delayMs > 0 || lossPercent > 0
        ? ['netem', 'delay', `${delayMs}ms`, 'loss', `${lossPercent}%`, ...(rateMbit > 0 ? ['rate', `${rateMbit}mbit`] : [])]
        : rateMbit > 0
          ? tbfArgs(rateMbit)
          : undefined;
    if (qdisc?.[0] === 'netem' && !netemAvailability().ok) throw new NetemUnavailableError(netemAvailability().reason);
    const ends: [string, string][] = [
      [this.ns, a.iface],
      [a.subnet.ns, a.port],
    ];
    await Promise.all(
      ends.map(async ([ns, dev]) => {
        // `replace` cannot change a qdisc's kind, so clear first; tc reports "handle of zero" when there is none.
        await run('tc', ['-n', ns, 'qdisc', 'del', 'dev', dev, 'root']).catch((error: unknown) => {
          if (!(error instanceof NetnsCommandError && /handle of zero/.test(error.stderr))) throw error;
        });
        if (qdisc) await run('tc', ['-n', ns, 'qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', ...qdisc]);
      }),
    );
  }

  private attachment(subnet?: string): Attachment {
    const found = subnet === undefined ? this.plan.attachments[0] : this.plan.attachments.find((a) => a.subnet.id === subnet);
    if (!found) throw new LanSpecError(`host ${this.name} is not on subnet ${subnet}`);
    return found;
  }
}

function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) signal(-child.pid, sig);
}

class Lan implements VirtualLan {
  readonly hosts: Host[];
  destroying: Promise<void> | undefined;
  private readonly children = new Set<ChildProcess>();

  constructor(
    readonly id: string,
    private readonly pidFile: string,
    private readonly plan: { subnets: SubnetPlan[]; hosts: HostPlan[] },
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

  /** Three rounds of `ip`, each in parallel: namespaces; bridges and host ends; bridge ports. */
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
          // Even with no default route, mDNS sockets need a route for 224.0.0.251.
          ...firstInterfaceRoutes(h),
        ]),
      ),
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
        rmSync(this.pidFile, { force: true });
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
      rmSync(this.pidFile, { force: true });
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
    rmSync(pidFile, { force: true });
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
