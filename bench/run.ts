/**
 * `npm run bench`: measures, never asserts. Every figure that matters is
 * quoted as a ratio to a baseline measured in the same run, because these
 * machines are noisy. Writes bench/results/<time>.json, latest.json and
 * latest.md; docs/BENCHMARKS.md explains them.
 *
 * `LANLINE_BENCH_SUITES=relay npm run bench` runs the relay suite alone and
 * writes only bench/results/<time>-relay.json, leaving latest.* to full runs;
 * likewise `failover` and `mailbox` (or several, comma-separated).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { engineSendToAck, fsyncedCommitMs, TMPFS } from './suites/engine-roundtrip';
import { connectToOpenChannel, startToSeen } from './suites/presence';
import { rawChannelOpen, rawRoundTrip, rawThroughput } from './suites/raw-channel';
import { failoverTime } from './suites/failover';
import { mailboxThroughput } from './suites/mailbox';
import { idleClientMemory, relayThroughput } from './suites/relay';
import { storeBench } from './suites/store';

const only = process.env.LANLINE_BENCH_SUITES?.split(',').map((s) => s.trim());
const wanted = (suite: string) => !only || only.includes(suite);

const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, model: cpus()[0]?.model },
};

function report(line: string) {
  process.stdout.write(`${line}\n`);
}

const relayRows: string[] = [];
if (wanted('relay')) {
  report('relay: messages per second through a `lanline node --super`, beside a bare WebSocket forwarder (loopback)…');
  const relay = await relayThroughput();
  results.relayThroughput = relay;
  for (const r of relay) {
    report(
      `  ${r.payloadBytes} B: relay ${r.relayMessagesPerSecond}/s, bare ${r.bareMessagesPerSecond}/s (${r.ratio}×); per server CPU second ${r.cpuRatio}×; with the secure pipe ${r.relaySecurePipeMessagesPerSecond}/s`,
    );
    relayRows.push(
      `| relayed messages/s, ${r.payloadBytes} B payloads | ${r.relayMessagesPerSecond}/s | bare forwarder ${r.bareMessagesPerSecond}/s; target ≥ 70 % | ${r.ratio}× |`,
      `| relayed messages per server CPU second, ${r.payloadBytes} B | ${r.relayMessagesPerServerCpuSecond} | bare forwarder ${r.bareMessagesPerServerCpuSecond} | ${r.cpuRatio}× |`,
      `| messages/s over the secure pipe through the relay, ${r.payloadBytes} B | ${r.relaySecurePipeMessagesPerSecond}/s | — | — |`,
    );
  }
  report('relay: memory per idle client (real super peer, up to 2,000 authenticated, pinging clients)…');
  const memory = await idleClientMemory();
  results.relayIdleMemory = memory;
  report(
    `  ${memory.clients} clients: ${(memory.bytesPerClient / 1024).toFixed(1)} KiB each (slope ${(memory.slopeBytesPerClient / 1024).toFixed(1)} KiB)`,
  );
  relayRows.push(
    `| super peer memory per idle client, ${memory.clients} clients | ${(memory.bytesPerClient / 1024).toFixed(1)} KiB (slope ${(memory.slopeBytesPerClient / 1024).toFixed(1)} KiB) | empty super peer ${(memory.baselineResidentBytes / 2 ** 20).toFixed(0)} MiB RSS; target ≤ 50 KB | — |`,
  );
}

if (wanted('failover')) {
  report('failover: a client moves to the other of two super peers when the one it uses dies (loopback, 8 + 8 trials)…');
  const failover = await failoverTime(8);
  results.failover = failover;
  report(
    `  crash (SIGKILL) p50 ${failover.crashMs.p50} ms, p95 ${failover.crashMs.p95} ms; hang (SIGSTOP) p50 ${failover.hangMs.p50} ms, p95 ${failover.hangMs.p95} ms (pings every ${failover.pingIntervalMs} ms, dead after ${failover.deadAfterMs} ms)`,
  );
  relayRows.push(
    `| failover, super peer crashes (SIGKILL), p50 / p95 | ${Math.round(failover.crashMs.p50)} / ${Math.round(failover.crashMs.p95)} ms | relay ping every ${failover.pingIntervalMs} ms; target ≤ 5 s | — |`,
    `| failover, super peer hangs or loses its cable (SIGSTOP), p50 / p95 | ${Math.round(failover.hangMs.p50)} / ${Math.round(failover.hangMs.p95)} ms | declared dead after ${failover.deadAfterMs} ms of silence; target ≤ 5 s | ${failover.hangP95OverDeadAfter}× (p95) |`,
  );
}

if (wanted('mailbox')) {
  report(
    'mailbox: deposit → fetch through a super peer, beside direct sending in the same run (5 alternating rounds of 200, loopback)…',
  );
  const mailbox = await mailboxThroughput(5, 200);
  results.mailbox = mailbox;
  report(
    `  medians: direct ${mailbox.directPerSecond}/s; deposit ${mailbox.depositPerSecond}/s (${mailbox.depositOverDirect}×); fetch ${mailbox.fetchPerSecond}/s (${mailbox.fetchOverDirect}×)`,
  );
  relayRows.push(
    `| mailbox deposits confirmed/s (recipient away), median of 5 × 200 | ${mailbox.depositPerSecond}/s | direct send → ack ${mailbox.directPerSecond}/s | ${mailbox.depositOverDirect}× |`,
    `| mailbox deliveries stored/s when the recipient comes back, median of 5 × 200 | ${mailbox.fetchPerSecond}/s | direct send → ack ${mailbox.directPerSecond}/s | ${mailbox.fetchOverDirect}× |`,
  );
}

if (only) {
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = `${(results.startedAt as string).replace(/[:.]/g, '-')}-${only.join('-')}.json`;
  writeFileSync(join(dir, file), `${JSON.stringify(results, null, 2)}\n`);
  report(`\n${relayRows.join('\n')}\n\nwrote bench/results/${file}`);
  process.exit(0);
}

report('raw data channel throughput (wrtc ↔ wrtc, loopback)…');
const throughput = [];
for (const messageBytes of [16 * 1024, 64 * 1024]) {
  throughput.push(await rawThroughput({ messageBytes, totalBytes: 128 * 1024 * 1024, maxMs: 15_000 }));
  report(`  ${messageBytes / 1024} KiB messages: ${throughput.at(-1)!.mbPerSecond} MB/s`);
}
results.rawThroughput = throughput;

report('raw data channel round trip (200 B echo, 300 trials)…');
const rawRtt = await rawRoundTrip(300);
results.rawRoundTripMs = rawRtt;
report(`  p50 ${rawRtt.p50} ms, p99 ${rawRtt.p99} ms`);

report('engine send → delivered (signed, stored both sides, acked; 300 trials)…');
const engineRtt = await engineSendToAck(300);
results.engineSendToAckMs = engineRtt;
const commit = fsyncedCommitMs(300);
results.fsyncedCommitMs = commit;
const engineOnTmpfs = TMPFS ? await engineSendToAck(300, TMPFS) : undefined;
results.engineSendToAckOnTmpfsMs = engineOnTmpfs ?? { skipped: 'no /dev/shm' };
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
results.ratios = {
  sendToAckP50OverRawP50: ratio(engineRtt.p50, rawRtt.p50),
  sendToAckP99OverRawP99: ratio(engineRtt.p99, rawRtt.p99),
  ...(engineOnTmpfs && { sendToAckOnTmpfsP99OverRawP99: ratio(engineOnTmpfs.p99, rawRtt.p99) }),
};
report(`  p50 ${engineRtt.p50} ms, p99 ${engineRtt.p99} ms (${ratio(engineRtt.p99, rawRtt.p99)}× the raw p99)`);
report(`  one fsync'd commit on the same disk: p50 ${commit.p50} ms, p99 ${commit.p99} ms`);
if (engineOnTmpfs)
  report(
    `  on tmpfs (no sync): p50 ${engineOnTmpfs.p50} ms, p99 ${engineOnTmpfs.p99} ms (${ratio(engineOnTmpfs.p99, rawRtt.p99)}× the raw p99)`,
  );

report('connect → open verified data channel (fresh backends on loopback, 30 trials), beside a bare wrtc channel open…');
const rawOpen = await rawChannelOpen(30);
const connect = await connectToOpenChannel(30);
results.rawChannelOpenMs = rawOpen;
results.connectToOpenMs = connect;
report(`  p50 ${connect.p50} ms, p95 ${connect.p95} ms (bare channel p50 ${rawOpen.p50} ms, p95 ${rawOpen.p95} ms)`);

report('node start → seen by another node (virtual LAN, 20 trials)…');
const discovery = await startToSeen(20);
results.startToSeen = discovery;
if ('skipped' in discovery) report(`  ${discovery.skipped}`);
else
  report(
    `  seen p50 ${discovery.seenMs.p50} ms, p95 ${discovery.seenMs.p95} ms; linked p50 ${discovery.linkedMs.p50} ms, p95 ${discovery.linkedMs.p95} ms`,
  );

const STORE_MESSAGES = Number(process.env.LANLINE_BENCH_MESSAGES ?? 1_000_000);
report(`store: ${STORE_MESSAGES.toLocaleString('en')} messages with full-text index…`);
const store = storeBench(STORE_MESSAGES);
results.store = store;
report(
  `  batched ${store.batchedInsertsPerSecond}/s (single fsync'd ${store.singleFsyncInsertsPerSecond}/s); open p95 ${store.openConversationMs.p95} ms; search p95 ${store.searchAllMs.p95} ms`,
);

const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const stamp = (results.startedAt as string).replace(/[:.]/g, '-');
const json = `${JSON.stringify(results, null, 2)}\n`;
writeFileSync(join(dir, `${stamp}.json`), json);
writeFileSync(join(dir, 'latest.json'), json);
const md = [
  `# Benchmark run ${results.startedAt}`,
  '',
  `Node ${process.version}, ${cpus().length} cores. Reproduce with \`npm run bench\`.`,
  '',
  '| measure | value | baseline (same run) | ratio |',
  '| --- | --- | --- | --- |',
  ...throughput.map((t) => `| raw wrtc throughput, ${t.messageBytes / 1024} KiB messages | ${t.mbPerSecond} MB/s | — | — |`),
  `| raw channel round trip p50 / p99 | ${rawRtt.p50} / ${rawRtt.p99} ms | — | — |`,
  `| engine send → ack p50 | ${engineRtt.p50} ms | raw p50 ${rawRtt.p50} ms | ${ratio(engineRtt.p50, rawRtt.p50)}× |`,
  `| engine send → ack p99 | ${engineRtt.p99} ms | raw p99 ${rawRtt.p99} ms | ${ratio(engineRtt.p99, rawRtt.p99)}× |`,
  `| connect → open verified channel p50 / p95 | ${connect.p50} / ${connect.p95} ms | bare wrtc open p95 ${rawOpen.p95} ms; target p95 ≤ 300 ms | ${ratio(connect.p95, rawOpen.p95)}× |`,
  'skipped' in discovery
    ? `| start → seen | skipped: ${discovery.skipped} | — | — |`
    : `| start → seen (advert) p50 / p95 | ${discovery.seenMs.p50} / ${discovery.seenMs.p95} ms | same process ready p50 ${discovery.readyMs.p50} ms; target p95 ≤ 1500 ms | ${ratio(discovery.seenMs.p50, discovery.readyMs.p50)}× |\n| start → linked p50 / p95 | ${discovery.linkedMs.p50} / ${discovery.linkedMs.p95} ms | — | — |`,
  `| store inserts, batched (5,000 per transaction) | ${store.batchedInsertsPerSecond}/s | one fsync'd insert at a time: ${store.singleFsyncInsertsPerSecond}/s | ${ratio(store.batchedInsertsPerSecond, store.singleFsyncInsertsPerSecond)}× |`,
  `| open a conversation (latest 50) in ${store.messages.toLocaleString('en')} messages, p50 / p95 | ${store.openConversationMs.p50} / ${store.openConversationMs.p95} ms | target ≤ 50 ms | — |`,
  `| page back 50, p50 / p95 | ${store.pageBackMs.p50} / ${store.pageBackMs.p95} ms | — | — |`,
  `| search all history (50 hits), p50 / p95 | ${store.searchAllMs.p50} / ${store.searchAllMs.p95} ms | target ≤ 50 ms | — |`,
  `| search one conversation, p50 / p95 | ${store.searchInConversationMs.p50} / ${store.searchInConversationMs.p95} ms | — | — |`,
  ...relayRows,
  '',
].join('\n');
writeFileSync(join(dir, 'latest.md'), md);
report(`\nwrote bench/results/${stamp}.json and latest.md`);
process.exit(0);
