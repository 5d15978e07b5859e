import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { generateSecretKey, identityFromSecretKey } from '../../src/core/identity';
import { secureChannel } from '../../src/core/noise/secure-pipe';
import type { Pipe } from '../../src/core/pipe';
import { silentLogger } from '../../src/core/platform';
import { nodePlatform } from '../../src/main/platform';
import type { CircuitPipe } from '../../src/main/relay/circuit-pipe';
import { RelayClient } from '../../src/main/relay/client';
import { encodeData } from '../../src/main/relay/protocol';
import { sleep } from '../stats';

const LANLINE = resolve(import.meta.dirname, '../../bin/lanline.js');
const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const { randomBytes } = nodePlatform(silentLogger);
const newIdentity = () => identityFromSecretKey(generateSecretKey(randomBytes));
const HIGH_WATER = 1024 * 1024;

/** Resolves with the first stdout line matching `pattern`'s capture group. */
function lineFrom(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = line.match(pattern);
      if (!match) return;
      clearTimeout(timer);
      lines.close();
      resolvePromise(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${what} exited ${code}`)));
  });
}

/**
 * A real `lanline node --super` on loopback (mDNS off), with limits raised so
 * the benchmark measures forwarding, not the rate limiter.
 */
async function startSuperPeer(extra: string[] = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'lanline-bench-super-'));
  const child = spawn(
    process.execPath,
    [
      LANLINE,
      'node',
      '--super',
      '--no-mdns',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--name',
      'Bench super peer',
      '--log-level',
      'warn',
      '--relay-rate',
      String(2 ** 40),
      '--relay-burst',
      String(2 ** 40),
      '--relay-quota',
      String(2 ** 50),
      '--relay-max-clients-per-address',
      '10000',
      '--relay-max-clients',
      '10000',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await lineFrom(child, /listening on port (\d+)/, 'the super peer');
  return {
    address: `127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds a process has used (user + system), from /proc (Linux; clock ticks are 100 Hz there). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs `work` and says how much CPU the server process spent on it. */
async function withServerCpu<T extends { messages: number }>(pid: number, work: () => Promise<T>) {
  const before = cpuSeconds(pid);
  const result = await work();
  const cpu = cpuSeconds(pid) - before;
  return { ...result, serverCpuSeconds: cpu, messagesPerServerCpuSecond: cpu > 0 ? Math.round(result.messages / cpu) : null };
}

/** Resident memory of a process, from /proc (Linux). */
function residentBytes(pid: number): number {
  const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  return Number(kb) * 1024;
}

interface Sender {
  bufferedAmount: number;
  send(payload: Uint8Array): void;
}

/** Messages per second from `sender` to `onReceive`'s side, bounded by a count and a deadline. */
async function pump(
  sender: Sender,
  subscribe: (count: (n: number) => void) => void,
  payloadBytes: number,
  count: number,
  maxMs: number,
) {
  let received = 0;
  subscribe((n) => (received += n));
  const payload = new Uint8Array(payloadBytes).fill(7);
  const started = performance.now();
  const deadline = started + maxMs;
  let sent = 0;
  while (sent < count && performance.now() < deadline) {
    if (sender.bufferedAmount > HIGH_WATER) {
      await sleep(1);
      continue;
    }
    sender.send(payload);
    sent += 1;
    if (sent % 256 === 0) await sleep(0);
  }
  while (received < sent && performance.now() < deadline + 5000) await sleep(2);
  const seconds = (performance.now() - started) / 1000;
  return { messages: received, seconds: Math.round(seconds * 1000) / 1000, perSecond: Math.round(received / seconds) };
}

/** Two bare WebSocket clients through the bare forwarder, sending the same 5-byte-header frames the relay carries. */
async function bareRun(address: string, payloadBytes: number, count: number, maxMs: number) {
  const open = () =>
    new Promise<WebSocket>((resolvePromise, reject) => {
      const ws = new WebSocket(`ws://${address}`, { perMessageDeflate: false });
      ws.once('open', () => resolvePromise(ws));
      ws.once('error', reject);
    });
  const a = await open();
  const b = await open();
  await sleep(50);
  const sender: Sender = {
    get bufferedAmount() {
      return a.bufferedAmount;
    },
    send: (payload) => a.send(encodeData(1, payload), { binary: true }),
  };
  const result = await pump(sender, (count) => b.on('message', () => count(1)), payloadBytes, count, maxMs);
  a.terminate();
  b.terminate();
  return result;
}

/** Two relay clients with a circuit between them; `secure` runs the Noise pipe on top, as a real link does. */
async function relayRun(address: string, payloadBytes: number, count: number, maxMs: number, secure = false) {
  const [ida, idb] = [newIdentity(), newIdentity()];
  const incoming: CircuitPipe[] = [];
  const b = new RelayClient({ identity: idb, address, log: silentLogger, onIncoming: (c) => incoming.push(c) });
  const a = new RelayClient({ identity: ida, address, log: silentLogger });
  await Promise.all([a.connect(), b.connect()]);
  const circuit = await a.open(idb.peerId);
  while (incoming.length === 0) await sleep(1);
  let [from, to]: [Pipe, Pipe] = [circuit, incoming[0]!];
  if (secure)
    [from, to] = await Promise.all([
      secureChannel(circuit, { identity: ida, initiator: true, remote: idb.peerId, randomBytes }),
      secureChannel(incoming[0]!, { identity: idb, initiator: false, remote: ida.peerId, randomBytes }),
    ]);
  const result = await pump(from, (count) => to.onDidReceive(() => count(1)), payloadBytes, count, maxMs);
  a.close();
  b.close();
  return result;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/**
 * Relayed messages per second beside a bare WebSocket forwarder, in the same
 * run: both are separate processes on loopback, fed by the same kind of
 * client, alternating three times per size; medians are compared.
 */
export async function relayThroughput(options: { sizes?: number[]; count?: number; maxMs?: number } = {}) {
  const { sizes = [256, 4096], count = 100_000, maxMs = 8000 } = options;
  const forwarder = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, 'bare-forwarder.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const barePort = await lineFrom(forwarder, /^port (\d+)/, 'the bare forwarder');
  const superPeer = await startSuperPeer();
  const bareAt = `127.0.0.1:${barePort}`;
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  try {
    // One short round of each first, so neither side is measured while the JIT warms up.
    await bareRun(bareAt, 256, 20_000, 2000);
    await relayRun(superPeer.address, 256, 20_000, 2000);
    const rows = [];
    for (const size of sizes) {
      const bare: Array<{ perSecond: number; messagesPerServerCpuSecond: number | null }> = [];
      const relay: typeof bare = [];
      for (let round = 0; round < 5; round++) {
        // Alternate which goes first, so drift in the machine's load favours neither.
        const runBare = async () => bare.push(await withServerCpu(forwarder.pid!, () => bareRun(bareAt, size, count, maxMs)));
        const runRelay = async () =>
          relay.push(await withServerCpu(superPeer.pid, () => relayRun(superPeer.address, size, count, maxMs)));
        if (round % 2 === 0) await runBare().then(runRelay);
        else await runRelay().then(runBare);
      }
      const secure = (await relayRun(superPeer.address, size, Math.min(count, 30_000), maxMs, true)).perSecond;
      const rate = (xs: typeof bare) => median(xs.map((x) => x.perSecond));
      const perCpu = (xs: typeof bare) => median(xs.map((x) => x.messagesPerServerCpuSecond ?? 0));
      rows.push({
        payloadBytes: size,
        bareMessagesPerSecond: rate(bare),
        relayMessagesPerSecond: rate(relay),
        ratio: ratio(rate(relay), rate(bare)),
        bareMessagesPerServerCpuSecond: perCpu(bare),
        relayMessagesPerServerCpuSecond: perCpu(relay),
        cpuRatio: ratio(perCpu(relay), perCpu(bare)),
        relaySecurePipeMessagesPerSecond: secure,
        samples: { bare: bare.map((x) => x.perSecond), relay: relay.map((x) => x.perSecond) },
      });
    }
    return rows;
  } finally {
    forwarder.kill('SIGTERM');
    await superPeer.stop();
  }
}

/**
 * Memory per idle client: a real super peer's resident memory as idle,
 * authenticated, pinging clients (in another process) join in steps up to
 * `max`. Quoted as the growth per client from the empty super peer, and as the
 * least-squares slope over the steps.
 */
export async function idleClientMemory(options: { steps?: number[] } = {}) {
  const { steps = [250, 500, 1000, 1500, 2000] } = options;
  const superPeer = await startSuperPeer();
  const clients = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, 'idle-relay-clients.ts'), superPeer.address], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: clients.stdout! });
  const connected = () => new Promise<number>((r) => lines.once('line', (line) => r(JSON.parse(line).connected)));
  try {
    await sleep(1500);
    const idle: number[] = [];
    for (let i = 0; i < 5; i++, await sleep(500)) idle.push(residentBytes(superPeer.pid));
    const baseline = median(idle);
    const points: { clients: number; residentBytes: number }[] = [{ clients: 0, residentBytes: baseline }];
    for (const target of steps) {
      clients.stdin!.write(`${target}\n`);
      const n = await connected();
      // Let the allocations of connecting settle and a few pings go by; RSS moves with the
      // garbage collector, so each point is the median of five samples half a second apart.
      await sleep(2000);
      const samples: number[] = [];
      for (let i = 0; i < 5; i++, await sleep(500)) samples.push(residentBytes(superPeer.pid));
      points.push({ clients: n, residentBytes: median(samples) });
    }
    const last = points.at(-1)!;
    const xs = points.map((p) => p.clients);
    const ys = points.map((p) => p.residentBytes);
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    return {
      clients: last.clients,
      baselineResidentBytes: baseline,
      points,
      bytesPerClient: Math.round((last.residentBytes - baseline) / last.clients),
      slopeBytesPerClient: Math.round(slope),
    };
  } finally {
    clients.stdin!.end();
    await new Promise((r) => clients.once('exit', r));
    await superPeer.stop();
  }
}
