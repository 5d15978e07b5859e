/**
 * Checks the virtual LAN the net tier stands on. Reachability is tested with
 * tiny node TCP/UDP scripts rather than ping, so CI needs no extra package.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LanSpecError,
  NetemUnavailableError,
  cleanupStaleNamespaces,
  createLan,
  netAvailability,
  netemAvailability,
  type Host,
  type VirtualLan,
} from './netns';

const avail = netAvailability();
if (!avail.ok) console.log(avail.reason);

const TCP_SERVER = `
const [host, port] = process.argv.slice(1);
require('node:net').createServer((s) => s.end('pong')).listen(Number(port), host, () => console.log('ready'));`;

const TCP_CLIENT = `
const [host, port] = process.argv.slice(1);
const s = require('node:net').connect({ host, port: Number(port), timeout: 1500 });
s.on('data', (d) => { process.stdout.write(String(d)); process.exit(0); });
s.on('timeout', () => { console.error('ETIMEDOUT'); process.exit(1); });
s.on('error', (e) => { console.error(e.code); process.exit(1); });`;

// Joins the mDNS group the way bonjour-service does: no interface named, so the multicast route decides.
const MDNS_LISTENER = `
const s = require('node:dgram').createSocket({ type: 'udp4', reuseAddr: true });
s.on('message', (m, r) => { console.log(r.address + ' ' + m); process.exit(0); });
s.bind(5353, () => { s.addMembership('224.0.0.251'); console.log('ready'); });`;

const MDNS_SENDER = `
const s = require('node:dgram').createSocket('udp4');
const send = () => s.send('hello', 5353, '224.0.0.251');
send(); setInterval(send, 100);`;

function namespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter(Boolean);
}

/** Running, that is: a zombie has exited and only waits to be reaped. */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Spawns a node script that prints 'ready' once listening; resolves with its output so far. */
function startScript(host: Host, script: string, args: string[] = []) {
  const child = host.spawn(process.execPath, ['-e', script, ...args]);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => out.includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${host.name}: script exited ${code} before ready`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, ready, exited, output: () => out };
}

async function connect(from: Host, address: string, port: number): Promise<{ ok: boolean; detail: string }> {
  const r = await from.exec(process.execPath, ['-e', TCP_CLIENT, address, String(port)]);
  return { ok: r.code === 0 && r.stdout === 'pong', detail: (r.stdout + r.stderr).trim() };
}

describe.skipIf(!avail.ok)('virtual LAN (network namespaces)', () => {
  describe('one subnet', () => {
    let lan: VirtualLan;
    let createMs = 0;
    let rootLinks = '';

    beforeAll(async () => {
      rootLinks = execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' });
      const started = performance.now();
      lan = await createLan({ hosts: 4 });
      createMs = performance.now() - started;
      console.log(`createLan({ hosts: 4 }) took ${createMs.toFixed(0)} ms`);
    });
    afterAll(() => lan?.destroy());

    it('builds quickly, addresses hosts .11…, and adds nothing to the real namespace', () => {
      expect(createMs).toBeLessThan(2000);
      expect(lan.hosts.map((h) => h.address)).toEqual(['198.18.1.11', '198.18.1.12', '198.18.1.13', '198.18.1.14']);
      expect(lan.host('h2').ns).toBe(`${lan.id}-h2`);
      expect(lan.id).toMatch(/^ll-[0-9a-f]{6}$/);
      expect(execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' })).toBe(rootLinks);
    });

    it('lets hosts on the subnet reach each other', async () => {
      const server = startScript(lan.host('h2'), TCP_SERVER, [lan.host('h2').address, '7001']);
      await server.ready;
      expect(await connect(lan.host('h1'), lan.host('h2').address, 7001)).toEqual({ ok: true, detail: 'pong' });
      expect(await connect(lan.host('h4'), lan.host('h2').address, 7001)).toEqual({ ok: true, detail: 'pong' });
      server.child.kill();
    });

    it('floods mDNS multicast to every host', async () => {
      const listeners = ['h2', 'h3'].map((name) => startScript(lan.host(name), MDNS_LISTENER));
      await Promise.all(listeners.map((l) => l.ready));
      const sender = lan.host('h1').spawn(process.execPath, ['-e', MDNS_SENDER]);
      await Promise.all(listeners.map((l) => l.exited));
      sender.kill();
      for (const l of listeners) expect(l.output()).toContain('198.18.1.11 hello');
    });

    it('cuts a host off on linkDown and restores it, multicast route included, on linkUp', async () => {
      const [h1, h2] = [lan.host('h1'), lan.host('h2')];
      const server = startScript(h2, TCP_SERVER, [h2.address, '7002']);
      await server.ready;
      await h1.linkDown();
      expect(await connect(h1, h2.address, 7002)).toEqual({ ok: false, detail: 'ENETUNREACH' });
      await h1.linkUp();
      expect(await connect(h1, h2.address, 7002)).toEqual({ ok: true, detail: 'pong' });
      expect((await h1.exec('ip', ['route', 'show', '224.0.0.0/4'])).stdout).toContain('dev eth0');
      server.child.kill();
    });

    it('shapes rate with tbf on both ends of the link and clears it', async () => {
      const h3 = lan.host('h3');
      const qdiscs = async () => (await h3.exec('tc', ['qdisc', 'show', 'dev', 'eth0'])).stdout;
      await h3.shape({ rateMbit: 10 });
      expect(await qdiscs()).toMatch(/tbf 1: root .*rate 10Mbit/);
      const port = execFileSync('tc', ['-n', `${lan.id}-sw.a`, 'qdisc', 'show', 'dev', 'p3'], { encoding: 'utf8' });
      expect(port).toMatch(/tbf 1: root .*rate 10Mbit/);
      await h3.shape({});
      expect(await qdiscs()).not.toContain('tbf');
      if (netemAvailability().ok) {
        await h3.shape({ delayMs: 5, lossPercent: 1, rateMbit: 10 });
        expect(await qdiscs()).toMatch(/netem 1: root .*delay 5ms loss 1%/);
        await h3.shape({});
      } else {
        console.log(netemAvailability().reason);
        await expect(h3.shape({ delayMs: 5 })).rejects.toBeInstanceOf(NetemUnavailableError);
      }
    });
  });

  it('keeps subnets apart: no route across, no forwarding on a host that joins both', async () => {
    const lan = await createLan({
      subnets: [{ id: 'a' }, { id: 'b', cidr: '198.19.7.0/24' }],
      hosts: [
        { name: 'a1', subnets: ['a'] },
        { name: 'b1', subnets: ['b'] },
        { name: 'sp', subnets: ['a', 'b'] },
      ],
    });
    try {
      const [a1, b1, sp] = ['a1', 'b1', 'sp'].map((name) => lan.host(name));
      expect(sp!.addresses).toEqual({ a: '198.18.1.13', b: '198.19.7.13' });
      expect(b1!.address).toBe('198.19.7.12');
      const server = startScript(b1!, TCP_SERVER, [b1!.address, '7003']);
      await server.ready;
      expect(await connect(a1!, b1!.address, 7003)).toEqual({ ok: false, detail: 'ENETUNREACH' });
      expect(await connect(sp!, b1!.address, 7003)).toEqual({ ok: true, detail: 'pong' });
      expect((await sp!.exec('cat', ['/proc/sys/net/ipv4/ip_forward'])).stdout.trim()).toBe('0');
      expect((await sp!.exec('ip', ['route', 'show', '224.0.0.0/4'])).stdout).toContain('dev eth0');
    } finally {
      await lan.destroy();
    }
  });

  it('routes unicast between subnets through a router, keeps mDNS within each, and restores routes on linkUp', async () => {
    const rootForwarding = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
    const lan = await createLan({
      subnets: [{ id: 'a' }, { id: 'b' }],
      hosts: [
        { name: 'h1', subnets: ['a'] },
        { name: 'h2', subnets: ['b'] },
        { name: 'r1', subnets: ['a', 'b'] },
        { name: 'h3', subnets: ['a'] },
      ],
      routers: ['r1'],
      // As in an office: the subnet routes must win over a default route that leads nowhere.
      gateway: true,
    });
    try {
      const [h1, h2, r1, h3] = ['h1', 'h2', 'r1', 'h3'].map((name) => lan.host(name)) as [Host, Host, Host, Host];
      expect((await r1.exec('cat', ['/proc/sys/net/ipv4/ip_forward'])).stdout.trim()).toBe('1');
      expect(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8')).toBe(rootForwarding);
      expect((await h2.exec('ip', ['route', 'show'])).stdout).toMatch(
        /^default dev eth0.*\n198\.18\.1\.0\/24 via 198\.18\.2\.13 dev eth0/m,
      );

      const server = startScript(h2, TCP_SERVER, [h2.address, '7004']);
      await server.ready;
      expect(await connect(h1, h2.address, 7004)).toEqual({ ok: true, detail: 'pong' });

      const near = startScript(h3, MDNS_LISTENER);
      const router = startScript(r1, MDNS_LISTENER);
      const far = startScript(h2, MDNS_LISTENER);
      await Promise.all([near.ready, router.ready, far.ready]);
      const sender = h1.spawn(process.execPath, ['-e', MDNS_SENDER]);
      await Promise.all([near.exited, router.exited]);
      // The sender repeats every 100 ms: five more chances for a datagram to cross.
      await new Promise((resolve) => setTimeout(resolve, 500));
      sender.kill();
      far.child.kill();
      expect(near.output()).toContain('198.18.1.11 hello');
      expect(router.output()).toContain('198.18.1.11 hello');
      expect(far.output()).not.toContain('hello');

      await h1.linkDown('a');
      expect(await connect(h1, h2.address, 7004)).toEqual({ ok: false, detail: 'ENETUNREACH' });
      await h1.linkUp('a');
      expect(await connect(h1, h2.address, 7004)).toEqual({ ok: true, detail: 'pong' });
      server.child.kill();
    } finally {
      await lan.destroy();
    }
  });

  it('rejects a router that is not a host of the LAN or joins fewer than two subnets', async () => {
    await expect(createLan({ hosts: 2, routers: ['r9'] })).rejects.toThrow(LanSpecError);
    await expect(createLan({ hosts: 2, routers: ['h1'] })).rejects.toThrow(/router h1 must join two or more subnets/);
  });

  it('destroy() kills every process in the LAN, deletes its namespaces and pid file, and is idempotent', async () => {
    const lan = await createLan({ hosts: 2, killGraceMs: 500 });
    // The backgrounded sleep is a grandchild: only a namespace-wide kill reaches it reliably.
    lan.host('h1').spawn('sh', ['-c', 'sleep 30 & exec sleep 30']);
    const ignoresTerm = lan.host('h2').spawn('sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done']);
    await new Promise((resolve) => ignoresTerm.stdout!.once('data', resolve));
    const pids = [lan.host('h1'), lan.host('h2')].flatMap((h) =>
      execFileSync('ip', ['netns', 'pids', h.ns], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number),
    );
    expect(pids.length).toBeGreaterThanOrEqual(3);
    await Promise.all([lan.destroy(), lan.destroy()]);
    await lan.destroy();
    expect(pids.filter(alive)).toEqual([]);
    expect(namespaces().filter((ns) => ns.startsWith(`${lan.id}-`))).toEqual([]);
    expect(existsSync(`/tmp/lanline-netns/${lan.id.slice(3)}.pid`)).toBe(false);
    expect(() => lan.host('h1').spawn('true', [])).toThrow(/destroyed/);
  });

  // 'exit': a script that forgets destroy(). SIGTERM: how vitest stops a forks-pool worker mid-test.
  it.each(['exit', 'SIGTERM'] as const)('cleans up when the owning process ends by %s without destroy()', async (ending) => {
    const dir = join(tmpdir(), 'lanline-netns-selftest');
    mkdirSync(dir, { recursive: true });
    const script = join(dir, 'leak.mts');
    const module = fileURLToPath(new URL('./netns.ts', import.meta.url));
    writeFileSync(
      script,
      `import { createLan } from ${JSON.stringify(module)};
       const lan = await createLan({ hosts: 2 });
       const child = lan.host('h1').spawn('sleep', ['30']);
       console.log(lan.id, child.pid);
       if (process.argv[2] === 'exit') process.exit(3);`,
    );
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, ending], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
        if (ending === 'SIGTERM' && stdout.includes('\n')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code, sig) =>
        (ending === 'exit' ? code === 3 : sig === 'SIGTERM')
          ? resolve(stdout)
          : reject(new Error(`ended with ${code ?? sig}: ${stderr}`)),
      );
    });
    const [id, pid] = out.trim().split(' ');
    expect(id).toMatch(/^ll-[0-9a-f]{6}$/);
    expect(namespaces().filter((ns) => ns.startsWith(`${id}-`))).toEqual([]);
    expect(alive(Number(pid))).toBe(false);
    expect(existsSync(`/tmp/lanline-netns/${id!.slice(3)}.pid`)).toBe(false);
  });

  it('cleanupStaleNamespaces() removes a dead run and spares a live one', async () => {
    const live = await createLan({ hosts: 1 });
    const staleId =
      'ff' +
      Math.floor(Math.random() * 0xffff)
        .toString(16)
        .padStart(4, '0');
    const staleNs = `ll-${staleId}-h1`;
    try {
      // A pid that has certainly exited: a finished child of ours.
      const dead = spawn('true');
      await new Promise((resolve) => dead.once('exit', resolve));
      mkdirSync('/tmp/lanline-netns', { recursive: true });
      writeFileSync(`/tmp/lanline-netns/${staleId}.pid`, `${dead.pid}\n`);
      execFileSync('ip', ['netns', 'add', staleNs]);
      const orphan = spawn('ip', ['netns', 'exec', staleNs, 'sleep', '30'], { detached: true, stdio: 'ignore' });
      orphan.unref();
      await new Promise((resolve) => setTimeout(resolve, 100));

      // No count check: a concurrently running copy of this file may have cleaned this stale run first.
      await cleanupStaleNamespaces();
      expect(namespaces()).not.toContain(staleNs);
      expect(namespaces()).toContain(live.host('h1').ns);
      expect(existsSync(`/tmp/lanline-netns/${staleId}.pid`)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(alive(orphan.pid!)).toBe(false);
    } finally {
      await live.destroy();
      if (namespaces().includes(staleNs)) execFileSync('ip', ['netns', 'del', staleNs]);
    }
  });
});
