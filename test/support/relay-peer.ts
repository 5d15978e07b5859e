/**
 * A relay client as its own process, for the net tier: run inside a network
 * namespace with `node --import tsx test/support/relay-peer.ts MODE ADDRESS …`.
 * It prints one JSON object per line: `{"event":"ready",…}` once connected,
 * then `{"event":"done",…}` with what it saw. Every mode ends by itself.
 *
 *   sink ADDRESS MS                 accept circuits and count what arrives
 *   flood ADDRESS SINK_PEER_ID MS   push 60 KB frames at the sink as fast as the relay takes them
 *   misbehave ADDRESS               send bad frames until disconnected, then try to come back
 */
import { silentLogger } from '../../src/core/platform';
import { RelayClient } from '../../src/main/relay/client';
import type { RefuseFrameOf } from '../../src/main/relay/protocol';
import { RawRelayClient, newIdentity } from './relay-clients';

const [mode, address, ...rest] = process.argv.slice(2);
const say = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sink(ms: number): Promise<void> {
  const identity = newIdentity();
  let bytes = 0;
  let circuits = 0;
  let firstAt = 0;
  let lastAt = 0;
  const client = new RelayClient({
    identity,
    address: address!,
    log: silentLogger,
    onIncoming: (circuit) => {
      circuits += 1;
      circuit.onDidReceive((data) => {
        lastAt = Date.now();
        firstAt ||= lastAt;
        bytes += data.length;
      });
    },
  });
  await client.connect();
  say('ready', { peerId: identity.peerId });
  await sleep(ms);
  say('done', { bytes, circuits, seconds: (lastAt - firstAt) / 1000 });
  client.close();
}

async function flood(sinkPeer: string, ms: number): Promise<void> {
  const refusals: Pick<RefuseFrameOf, 'code' | 'reason'>[] = [];
  const client = new RelayClient({ identity: newIdentity(), address: address!, log: silentLogger });
  client.onDidRefuse.on(({ code, reason }) => refusals.push({ code, reason }));
  await client.connect();
  const circuit = await client.open(sinkPeer);
  say('ready');
  const frame = new Uint8Array(60_000);
  const started = Date.now();
  let sent = 0;
  let waitedMs = 0;
  while (Date.now() - started < ms && circuit.isOpen) {
    // As fast as the relay reads: only the socket's own buffer holds it back.
    if (client.bufferedAmount > 4 * 1024 * 1024) {
      const before = Date.now();
      await sleep(2);
      waitedMs += Date.now() - before;
      continue;
    }
    circuit.send(frame);
    sent += frame.length;
    if (sent % (frame.length * 16) === 0) await sleep(0);
  }
  // waited: the share of the time it had more to send than the relay would take.
  say('done', {
    sent,
    seconds: (Date.now() - started) / 1000,
    waited: waitedMs / (Date.now() - started),
    refusals,
    stillOpen: circuit.isOpen,
  });
  client.close();
}

async function misbehave(): Promise<void> {
  const bad = await new RawRelayClient(address!).connect(newIdentity());
  say('ready');
  for (let i = 0; i < 50 && !bad.closed; i++) {
    bad.sendRaw(i % 2 ? 'this is not a frame' : Buffer.from([7, 7, 7]));
    await sleep(20);
  }
  const closed = await bad.waitClosed();
  const refusals = bad.frames.filter((f) => f.t === 'refuse').map((f) => ({ code: f.code, reason: f.reason }));
  const again = await new RawRelayClient(address!).connect();
  say('done', { closed, refusals, comeback: again.httpRefusal ?? null });
  again.close();
}

const timer = setTimeout(() => process.exit(3), 120_000);
timer.unref();
const run = mode === 'sink' ? sink(Number(rest[0])) : mode === 'flood' ? flood(rest[0]!, Number(rest[1])) : misbehave();
run.then(
  () => process.exit(0),
  (error) => {
    say('error', { message: String(error) });
    process.exit(1);
  },
);
