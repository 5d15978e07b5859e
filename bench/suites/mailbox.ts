import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from '../../src/main/backend';
import { resolveConfig, type ConfigInput } from '../../src/main/config';
import { createLogger } from '../../src/main/platform';
import { sleep } from '../stats';

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
  return performance.now() - started;
}

/**
 * Store-and-forward throughput beside direct sending, in the same run, with
 * three real backends on loopback (real SQLite with fsync, real wrtc data
 * channels) and the mailbox's default limits:
 * - direct: Ada sends `count` messages to Bob over their link; time until every one is acknowledged;
 * - deposit: Bob is away; time until the super peer has confirmed holding every one;
 * - fetch: Ada has quit; Bob starts; time from his link to the super peer until he has stored every one.
 * `count` stays within the per-recipient quota (1,000 by default).
 */
export async function mailboxThroughput(count: number) {
  const base = mkdtempSync(join(tmpdir(), 'lanline-bench-mailbox-'));
  const log = createLogger({ level: 'error' });
  const start = (name: string, extra: Partial<ConfigInput> = {}) =>
    Backend.start(resolveConfig({ dataDir: join(base, name), name, host: '127.0.0.1', mdns: false, ...extra }), {
      rtc: 'wrtc',
      log,
    });
  const sp = await start('Super', { superPeer: true });
  const spAddress = `127.0.0.1:${sp.signallingPort}`;
  const ada = await start('Ada', { peers: [spAddress] });
  let bob = await start('Bob', { peers: [spAddress] });
  const [adaId, bobId, spId] = [ada.identity.peerId, bob.identity.peerId, sp.identity.peerId];
  try {
    await until('Ada and Bob linked', () => ada.engine.isLinked(bobId) && ada.engine.superPeers.isSuperPeer(spId), 20_000);

    const sendAll = (label: string) => {
      const ids = new Set<string>();
      for (let i = 0; i < count; i++) ids.add(ada.engine.messaging.send(bobId, `${label} ${i}`).id);
      return ids;
    };
    // Counted from events, not by polling the store: a poll would compete with the work it measures.
    const delivered = new Set<string>();
    ada.engine.messaging.onDidChangeMessage.on((m) => void (m.state === 'delivered' && delivered.add(m.id)));
    const directStarted = performance.now();
    const direct = sendAll('direct');
    await until('direct delivery', () => delivered.size >= direct.size, 120_000);
    const directMs = performance.now() - directStarted;

    await bob.stop();
    await until('Bob gone', () => !ada.engine.isLinked(bobId), 10_000);
    const depositStarted = performance.now();
    sendAll('mailbox');
    const held = () => sp.superPeer.service!.mailboxStatus().deposits;
    await until('every deposit held', () => held() >= count, 120_000);
    // The depositor counts a copy once the super peer's answer is back.
    await until('every deposit confirmed', () => ada.engine.messaging.pathTo(bobId).deposited === count, 10_000);
    const depositMs = performance.now() - depositStarted;
    await ada.stop();

    bob = await start('Bob', { peers: [spAddress] });
    const received = new Set<string>();
    bob.engine.messaging.onDidChangeMessage.on(
      (m) => void (m.from === adaId && m.text.startsWith('mailbox') && received.add(m.id)),
    );
    await until('Bob linked to the super peer', () => bob.engine.isLinked(spId), 20_000);
    const fetchStarted = performance.now();
    await until('Bob has everything', () => received.size >= count, 120_000);
    const fetchMs = performance.now() - fetchStarted;
    await until('the super peer emptied', () => sp.superPeer.service!.mailboxStatus().messages === 0, 30_000);
    const stored = bob.engine.messaging.listMessages(adaId, { limit: 1000 }).filter((m) => m.text.startsWith('mailbox'));
    if (new Set(stored.map((m) => m.id)).size !== count) throw new Error('fetch: not every message stored exactly once');

    const rate = (ms: number) => Math.round((count / ms) * 1000);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    return {
      messages: count,
      directPerSecond: rate(directMs),
      depositPerSecond: rate(depositMs),
      fetchPerSecond: rate(fetchMs),
      depositThenFetchPerSecond: rate(depositMs + fetchMs),
      depositOverDirect: ratio(rate(depositMs), rate(directMs)),
      fetchOverDirect: ratio(rate(fetchMs), rate(directMs)),
    };
  } finally {
    // Either may be stopped already; stop() is safe twice.
    await Promise.all([ada.stop(), bob.stop()]);
    await sp.stop();
    rmSync(base, { recursive: true, force: true });
  }
}
