/**
 * `npm run bench`: measures, never asserts. Every figure that matters is
 * quoted as a ratio to a baseline measured in the same run, because these
 * machines are noisy. Writes bench/results/<time>.json, latest.json and
 * latest.md; docs/BENCHMARKS.md explains them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { engineSendToAck } from './suites/engine-roundtrip';
import { fileMemory, fileThroughput } from './suites/files';
import { connectToOpenChannel, startToSeen } from './suites/presence';
import { rawChannelOpen, rawRoundTrip, rawThroughput } from './suites/raw-channel';
import { storeBench } from './suites/store';

const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, model: cpus()[0]?.model },
};

function report(line: string) {
  process.stdout.write(`${line}\n`);
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
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
results.ratios = {
  sendToAckP50OverRawP50: ratio(engineRtt.p50, rawRtt.p50),
  sendToAckP99OverRawP99: ratio(engineRtt.p99, rawRtt.p99),
};
report(`  p50 ${engineRtt.p50} ms, p99 ${engineRtt.p99} ms (${ratio(engineRtt.p99, rawRtt.p99)}× the raw p99)`);

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

report('file transfer vs raw channel (512 MiB, 5 alternating rounds, wrtc ↔ wrtc)…');
const files = await fileThroughput({ fileBytes: 512 * 1024 * 1024, rounds: 5, maxMs: 60_000 });
results.fileThroughput = files;
report(`  raw ${files.rawMBps} MB/s, file ${files.fileMBps} MB/s: ${files.ratio}× (message size ${files.messageBytesChosen})`);

report('peak RSS growth during a 4 GiB transfer (at most 240 s)…');
const fileRss = await fileMemory({ fileBytes: 4 * 1024 ** 3, maxMs: 240_000 });
results.fileMemory = fileRss;
report(
  `  +${fileRss.growthMb} MB over ${fileRss.baselineRssMb} MB at ${fileRss.mbPerSecond} MB/s; completed: ${fileRss.completed}`,
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
  `| file transfer, 512 MiB, median of 5 | ${files.fileMBps} MB/s | raw 256 KiB messages, alternating: ${files.rawMBps} MB/s; target ≥ 0.9× | ${files.ratio}× |`,
  `| peak RSS growth, 4 GiB transfer (both ends in one process) | +${fileRss.growthMb} MB (${fileRss.mbPerSecond} MB/s, completed: ${fileRss.completed}) | target ≤ 100 MB | — |`,
  `| store inserts, batched (5,000 per transaction) | ${store.batchedInsertsPerSecond}/s | one fsync'd insert at a time: ${store.singleFsyncInsertsPerSecond}/s | ${ratio(store.batchedInsertsPerSecond, store.singleFsyncInsertsPerSecond)}× |`,
  `| open a conversation (latest 50) in ${store.messages.toLocaleString('en')} messages, p50 / p95 | ${store.openConversationMs.p50} / ${store.openConversationMs.p95} ms | target ≤ 50 ms | — |`,
  `| page back 50, p50 / p95 | ${store.pageBackMs.p50} / ${store.pageBackMs.p95} ms | — | — |`,
  `| search all history (50 hits), p50 / p95 | ${store.searchAllMs.p50} / ${store.searchAllMs.p95} ms | target ≤ 50 ms | — |`,
  `| search one conversation, p50 / p95 | ${store.searchInConversationMs.p50} / ${store.searchInConversationMs.p95} ms | — | — |`,
  '',
].join('\n');
writeFileSync(join(dir, 'latest.md'), md);
report(`\nwrote bench/results/${stamp}.json and latest.md`);
process.exit(0);
