import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend } from '../../src/main/backend';
import { resolveConfig, type ConfigInput } from '../../src/main/config';
import { createLogger } from '../../src/main/platform';
import { sleep } from '../stats';

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Store-and-forward throughput beside direct sending, in the same run, with
 * three real backends on loopback (real SQLite with fsync, real wrtc data
 * channels) and the mailbox's default limits. Each round:
 * - direct: Ada sends `perRound` messages to Bob over their link; time until every one is acknowledged;
 * - deposit: Bob is away; time until the super peer has confirmed holding every one;
 * - fetch: Ada has quit; Bob starts; time from his link to the super peer until he has stored every one.
 * Rounds alternate the three so that the machine's other load falls on all of them alike;
 * the figures are medians. Everything is counted from events, never by polling the store,
 * which would compete with the work it measures.
 */
export async function mailboxThroughput(rounds: number, perRound: number) {
  const base = mkdtempSync(join(tmpdir(), 'lanline-bench-mailbox-'));
  const log = createLogger({ level: 'error' });
  const start = (name: string, extra: Partial<ConfigInput> = {}) =>
    Backend.start(resolveConfig({ dataDir: join(base, name), name, host: '127.0.0.1', mdns: false, ...extra }), {
      rtc: 'wrtc',
      log,
    });
  const sp = await start('Super', { superPeer: true });
  const spAddress = `127.0.0.1:${sp.signallingPort}`;
  const spId = sp.identity.peerId;
  let ada = await start('Ada', { peers: [spAddress] });
  let bob = await start('Bob', { peers: [spAddress] });
  const [adaId, bobId] = [ada.identity.peerId, bob.identity.peerId];
  const rates = { direct: [] as number[], deposit: [] as number[], fetch: [] as number[] };
  const rate = (ms: number) => Math.round((perRound / ms) * 1000);
  try {
    for (let round = 0; round < rounds; round++) {
      await until('Ada and Bob linked', () => ada.engine.isLinked(bobId) && ada.engine.superPeers.isSuperPeer(spId), 30_000);
      await until('the last round settled', () => ada.engine.messaging.pathTo(bobId).pending === 0, 30_000);
      const sendAll = (label: string) => {
        const ids = new Set<string>();
        for (let i = 0; i < perRound; i++) ids.add(ada.engine.messaging.send(bobId, `${label} ${round}.${i}`).id);
        return ids;
      };

      const acked = new Set<string>();
      const offAcked = ada.engine.messaging.onDidChangeMessage.on((m) => void (m.state === 'delivered' && acked.add(m.id)));
      let started = performance.now();
      const direct = sendAll('direct');
      await until('direct delivery', () => [...direct].every((id) => acked.has(id)), 120_000);
      rates.direct.push(rate(performance.now() - started));
      offAcked();

      await bob.stop();
      await until('Bob gone', () => !ada.engine.isLinked(bobId), 10_000);
      const held = sp.superPeer.service!.mailboxStatus().deposits;
      started = performance.now();
      sendAll('mailbox');
      await until('every deposit held', () => sp.superPeer.service!.mailboxStatus().deposits - held >= perRound, 120_000);
      // The depositor counts a copy once the super peer's answer is back.
      await until('every deposit confirmed', () => ada.engine.messaging.pathTo(bobId).deposited === perRound, 30_000);
      rates.deposit.push(rate(performance.now() - started));
      await ada.stop();

      bob = await start('Bob', { peers: [spAddress] });
      const received = new Set<string>();
      bob.engine.messaging.onDidChangeMessage.on(
        (m) => void (m.from === adaId && m.text.startsWith(`mailbox ${round}.`) && received.add(m.id)),
      );
      await until('Bob linked to the super peer', () => bob.engine.isLinked(spId), 20_000);
      started = performance.now();
      await until('Bob has everything', () => received.size >= perRound, 120_000);
      rates.fetch.push(rate(performance.now() - started));
      await until('the super peer emptied', () => sp.superPeer.service!.mailboxStatus().messages === 0, 30_000);
      ada = await start('Ada', { peers: [spAddress] });
    }
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const [direct, deposit, fetch] = [median(rates.direct), median(rates.deposit), median(rates.fetch)];
    return {
      rounds,
      messagesPerRound: perRound,
      perRound: rates,
      directPerSecond: direct,
      depositPerSecond: deposit,
      fetchPerSecond: fetch,
      depositOverDirect: ratio(deposit, direct),
      fetchOverDirect: ratio(fetch, direct),
    };
  } finally {
    // Either may be stopped already; stop() is safe twice.
    await Promise.all([ada.stop(), bob.stop()]);
    await sp.stop();
    rmSync(base, { recursive: true, force: true });
  }
}
