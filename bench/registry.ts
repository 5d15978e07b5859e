/**
 * Every benchmark suite, in the order a full run takes them. Each measures,
 * prints progress, and returns its figures (kept in the JSON) and its rows of
 * the summary table, each beside a baseline from the same run.
 */
import { engineSendToAck, fsyncedCommitMs, TMPFS } from './suites/engine-roundtrip';
import { chromiumSkipReason, chromiumThroughput } from './suites/files-chromium';
import { processMemory, processThroughput } from './suites/files-processes';
import { connectToOpenChannel, startToSeen } from './suites/presence';
import { rawChannelOpen, rawRoundTrip, rawThroughput } from './suites/raw-channel';
import { failoverTime } from './suites/failover';
import { mailboxThroughput } from './suites/mailbox';
import { idleClientMemory, relayThroughput } from './suites/relay';
import { storeBench } from './suites/store';
import { uiBench } from './suites/ui';

export interface SuiteResult {
  figures: Record<string, unknown>;
  rows: string[];
}

export interface Suite {
  name: string;
  run(): Promise<SuiteResult>;
}

export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

const channel: Suite = {
  name: 'channel',
  async run() {
    report('raw data channel throughput (wrtc ↔ wrtc, loopback)…');
    const throughput = [];
    for (const messageBytes of [16 * 1024, 64 * 1024]) {
      throughput.push(await rawThroughput({ messageBytes, totalBytes: 128 * 1024 * 1024, maxMs: 15_000 }));
      report(`  ${messageBytes / 1024} KiB messages: ${throughput.at(-1)!.mbPerSecond} MB/s`);
    }
    return {
      figures: { rawThroughput: throughput },
      rows: throughput.map(
        (t) => `| raw wrtc throughput, ${t.messageBytes / 1024} KiB messages | ${t.mbPerSecond} MB/s | — | — |`,
      ),
    };
  },
};

const messaging: Suite = {
  name: 'messaging',
  async run() {
    report('raw data channel round trip (200 B echo, 300 trials)…');
    const rawRtt = await rawRoundTrip(300);
    report(`  p50 ${rawRtt.p50} ms, p99 ${rawRtt.p99} ms`);
    report('engine send → delivered (signed, stored both sides, acked; 300 trials)…');
    const engineRtt = await engineSendToAck(300);
    const commit = fsyncedCommitMs(300);
    const onTmpfs = TMPFS ? await engineSendToAck(300, TMPFS) : undefined;
    report(`  p50 ${engineRtt.p50} ms, p99 ${engineRtt.p99} ms (${ratio(engineRtt.p99, rawRtt.p99)}× the raw p99)`);
    report(`  one fsync'd commit on the same disk: p50 ${commit.p50} ms, p99 ${commit.p99} ms`);
    if (onTmpfs)
      report(
        `  on tmpfs (no sync): p50 ${onTmpfs.p50} ms, p99 ${onTmpfs.p99} ms (${ratio(onTmpfs.p99, rawRtt.p99)}× the raw p99)`,
      );
    return {
      figures: {
        rawRoundTripMs: rawRtt,
        engineSendToAckMs: engineRtt,
        fsyncedCommitMs: commit,
        engineSendToAckOnTmpfsMs: onTmpfs ?? { skipped: 'no /dev/shm' },
      },
      rows: [
        `| raw channel round trip p50 / p99 | ${rawRtt.p50} / ${rawRtt.p99} ms | — | — |`,
        `| engine send → ack p50 | ${engineRtt.p50} ms | raw p50 ${rawRtt.p50} ms | ${ratio(engineRtt.p50, rawRtt.p50)}× |`,
        `| engine send → ack p99 | ${engineRtt.p99} ms | raw p99 ${rawRtt.p99} ms; target 2× | ${ratio(engineRtt.p99, rawRtt.p99)}× |`,
        `| one fsync'd SQLite commit, p50 / p99 | ${commit.p50} / ${commit.p99} ms | — | — |`,
        ...(onTmpfs
          ? [
              `| engine send → ack on tmpfs (no sync), p50 / p99 | ${onTmpfs.p50} / ${onTmpfs.p99} ms | raw p99 ${rawRtt.p99} ms | ${ratio(onTmpfs.p99, rawRtt.p99)}× |`,
            ]
          : []),
      ],
    };
  },
};

const presence: Suite = {
  name: 'presence',
  async run() {
    report('connect → open verified data channel (fresh backends on loopback, 30 trials), beside a bare wrtc channel open…');
    const rawOpen = await rawChannelOpen(30);
    const connect = await connectToOpenChannel(30);
    report(`  p50 ${connect.p50} ms, p95 ${connect.p95} ms (bare channel p50 ${rawOpen.p50} ms, p95 ${rawOpen.p95} ms)`);
    report('node start → seen by another node (virtual LAN, 20 trials)…');
    const discovery = await startToSeen(20);
    if ('skipped' in discovery) report(`  ${discovery.skipped}`);
    else
      report(
        `  seen p50 ${discovery.seenMs.p50} ms, p95 ${discovery.seenMs.p95} ms; linked p50 ${discovery.linkedMs.p50} ms, p95 ${discovery.linkedMs.p95} ms`,
      );
    return {
      figures: { rawChannelOpenMs: rawOpen, connectToOpenMs: connect, startToSeen: discovery },
      rows: [
        `| connect → open verified channel p50 / p95 | ${connect.p50} / ${connect.p95} ms | bare wrtc open p95 ${rawOpen.p95} ms; target p95 ≤ 300 ms | ${ratio(connect.p95, rawOpen.p95)}× |`,
        'skipped' in discovery
          ? `| start → seen | skipped: ${discovery.skipped} | — | — |`
          : `| start → seen (advert) p50 / p95 | ${discovery.seenMs.p50} / ${discovery.seenMs.p95} ms | same process ready p50 ${discovery.readyMs.p50} ms; target p95 ≤ 1500 ms | ${ratio(discovery.seenMs.p50, discovery.readyMs.p50)}× |\n| start → linked p50 / p95 | ${discovery.linkedMs.p50} / ${discovery.linkedMs.p95} ms | — | — |`,
      ],
    };
  },
};

const store: Suite = {
  name: 'store',
  async run() {
    const total = Number(process.env.LANLINE_BENCH_MESSAGES ?? 1_000_000);
    report(`store: ${total.toLocaleString('en')} messages with full-text index…`);
    const s = storeBench(total);
    report(
      `  batched ${s.batchedInsertsPerSecond}/s (single fsync'd ${s.singleFsyncInsertsPerSecond}/s); open p95 ${s.openConversationMs.p95} ms; search p95 ${s.searchAllMs.p95} ms`,
    );
    return {
      figures: { store: s },
      rows: [
        `| store inserts, batched (5,000 per transaction) | ${s.batchedInsertsPerSecond}/s | one fsync'd insert at a time: ${s.singleFsyncInsertsPerSecond}/s; target 50,000/s | ${ratio(s.batchedInsertsPerSecond, s.singleFsyncInsertsPerSecond)}× |`,
        `| open a conversation (latest 50) in ${s.messages.toLocaleString('en')} messages, p50 / p95 | ${s.openConversationMs.p50} / ${s.openConversationMs.p95} ms | target ≤ 50 ms | — |`,
        `| page back 50, p50 / p95 | ${s.pageBackMs.p50} / ${s.pageBackMs.p95} ms | — | — |`,
        `| search all history (50 hits), p50 / p95 | ${s.searchAllMs.p50} / ${s.searchAllMs.p95} ms | target ≤ 50 ms | — |`,
        `| search one conversation, p50 / p95 | ${s.searchInConversationMs.p50} / ${s.searchInConversationMs.p95} ms | — | — |`,
      ],
    };
  },
};

const relay: Suite = {
  name: 'relay',
  async run() {
    report('relay: messages per second through a `lanline node --super`, beside a bare WebSocket forwarder (loopback)…');
    const throughput = await relayThroughput();
    const rows: string[] = [];
    for (const r of throughput) {
      report(
        `  ${r.payloadBytes} B: relay ${r.relayMessagesPerSecond}/s, bare ${r.bareMessagesPerSecond}/s (${r.ratio}×); per server CPU second ${r.cpuRatio}×; with the secure pipe ${r.relaySecurePipeMessagesPerSecond}/s`,
      );
      rows.push(
        `| relayed messages/s, ${r.payloadBytes} B payloads | ${r.relayMessagesPerSecond}/s | bare forwarder ${r.bareMessagesPerSecond}/s; target ≥ 70 % | ${r.ratio}× |`,
        `| relayed messages per server CPU second, ${r.payloadBytes} B | ${r.relayMessagesPerServerCpuSecond} | bare forwarder ${r.bareMessagesPerServerCpuSecond} | ${r.cpuRatio}× |`,
        `| messages/s over the secure pipe through the relay, ${r.payloadBytes} B | ${r.relaySecurePipeMessagesPerSecond}/s | — | — |`,
      );
    }
    report('relay: memory per idle client (real super peer, up to 2,000 authenticated, pinging clients)…');
    const memory = await idleClientMemory();
    const kib = (bytes: number) => (bytes / 1024).toFixed(1);
    report(`  ${memory.clients} clients: ${kib(memory.bytesPerClient)} KiB each (slope ${kib(memory.slopeBytesPerClient)} KiB)`);
    rows.push(
      `| super peer memory per idle client, ${memory.clients} clients | ${kib(memory.bytesPerClient)} KiB (slope ${kib(memory.slopeBytesPerClient)} KiB) | empty super peer ${(memory.baselineResidentBytes / 2 ** 20).toFixed(0)} MiB RSS; target ≤ 50 KB | — |`,
    );
    return { figures: { relayThroughput: throughput, relayIdleMemory: memory }, rows };
  },
};

const ui: Suite = {
  name: 'ui',
  async run() {
    report('UI in Chromium: open a 100,000-message conversation, type, messages arriving…');
    const u = await uiBench();
    report(
      `  open p50 ${u.openBigMs.p50} ms, p95 ${u.openBigMs.p95} ms (50 messages: p50 ${u.openSmallMs.p50} ms); typing p95 ${u.typingInAppMs.p95} ms (bare textarea ${u.typingBareMs.p95} ms); layout shift ${u.layoutShiftFollowing.score} / ${u.layoutShiftReading.score}`,
    );
    return {
      figures: { ui: u },
      rows: [
        `| open a ${u.bigMessages.toLocaleString('en')}-message conversation, click → newest on screen, p50 / p95 | ${u.openBigMs.p50} / ${u.openBigMs.p95} ms | ${u.smallMessages} messages: ${u.openSmallMs.p50} / ${u.openSmallMs.p95} ms; target ≤ 100 ms | ${ratio(u.openBigMs.p50, u.openSmallMs.p50)}× |`,
        `| typing in that conversation, keydown → painted frame, p50 / p95 / max | ${u.typingInAppMs.p50} / ${u.typingInAppMs.p95} / ${u.typingInAppMs.max} ms | bare textarea: ${u.typingBareMs.p50} / ${u.typingBareMs.p95} ms; target ≤ 16 ms | ${ratio(u.typingInAppMs.p95, u.typingBareMs.p95)}× |`,
        `| layout shift while ${u.layoutShiftFollowing.messages} messages arrive, following / reading back | ${u.layoutShiftFollowing.score} / ${u.layoutShiftReading.score} | target 0 | — |`,
      ],
    };
  },
};

const files: Suite = {
  name: 'files',
  async run() {
    const fileBytes = Number(process.env.LANLINE_BENCH_FILE_MB ?? 512) * 1024 * 1024;
    report(
      `file transfer vs raw channel and two floors, two processes each (${fileBytes / 1024 / 1024} MiB, 7 alternating rounds, wrtc ↔ wrtc)…`,
    );
    const throughput = await processThroughput({ fileBytes, rounds: 7, maxMs: 90_000 });
    const { raw, verifiedFloor, sealedFloor, file, indexing } = throughput;
    report(
      `  medians: raw ${raw.MBps} MB/s; verified floor ${verifiedFloor.MBps} (${verifiedFloor.overRaw}×); sealed floor ${sealedFloor.MBps} (${sealedFloor.overRaw}×); file ${file.MBps} (${file.overRaw}× raw, ${file.overSealedFloor}× the sealed floor); indexing ${indexing.MBps} MB/s (${indexing.overFloor}× one loop); CPU s/GB ${raw.cpuSecondsPerGB} / ${verifiedFloor.cpuSecondsPerGB} / ${sealedFloor.cpuSecondsPerGB} / ${file.cpuSecondsPerGB}`,
    );
    const largeBytes = Number(process.env.LANLINE_BENCH_LARGE_MB ?? 4096) * 1024 * 1024;
    report(`peak RSS growth of each process during a ${largeBytes / 1024 ** 3} GiB transfer (at most 240 s)…`);
    const memory = await processMemory({ fileBytes: largeBytes, maxMs: 240_000 });
    report(
      `  sender +${memory.sender.growthMb} MB, receiver +${memory.receiver.growthMb} MB at ${memory.mbPerSecond} MB/s; completed: ${memory.completed}`,
    );
    const skip = chromiumSkipReason();
    let chromium: Awaited<ReturnType<typeof chromiumThroughput>> | { skipped: string };
    if (skip) {
      report(`Chromium ↔ wrtc skipped: ${skip}`);
      chromium = { skipped: skip };
    } else {
      report('browser-mode desk → lanline node vs raw Chromium ↔ wrtc, virtual LAN (128 MiB, 3 alternating rounds)…');
      chromium = await chromiumThroughput({ fileBytes: 128 * 1024 * 1024, rounds: 3, maxMs: 90_000 });
      report(`  raw ${chromium.rawMBps} MB/s, file ${chromium.fileMBps} MB/s: ${chromium.ratio}×`);
    }
    return {
      figures: { fileThroughput: throughput, fileMemory: memory, chromiumFileThroughput: chromium },
      rows: [
        `| file transfer between two \`lanline node\` processes, median of 7 | ${file.MBps} MB/s | raw wrtc channel between two processes, alternating: ${raw.MBps} MB/s; target ≥ 0.9× | ${file.overRaw}× |`,
        `| floor: bare processes doing only what any verified transfer must (read; hash, write), median of 7 | ${verifiedFloor.MBps} MB/s | raw, same rounds | ${verifiedFloor.overRaw}× |`,
        `| floor: bare processes doing only what Lanline's protocol must (read, seal, hash; hash, open, write), median of 7 | ${sealedFloor.MBps} MB/s | raw, same rounds; file transfer over this floor: ${file.overSealedFloor}× | ${sealedFloor.overRaw}× |`,
        `| indexing a file for an offer (\`files.send\`: read, seal, hash on the file worker), median of 7 | ${indexing.MBps} MB/s | the same work in one synchronous loop on one thread, same rounds: ${indexing.floorMBps} MB/s | ${indexing.overFloor}× |`,
        `| CPU per GB moved, both processes: raw / verified floor / sealed floor / file | ${raw.cpuSecondsPerGB} / ${verifiedFloor.cpuSecondsPerGB} / ${sealedFloor.cpuSecondsPerGB} / ${file.cpuSecondsPerGB} s | file over raw | ${Math.round((file.cpuSecondsPerGB / raw.cpuSecondsPerGB) * 100) / 100}× |`,
        `| peak RSS growth, ${largeBytes / 1024 ** 3} GiB transfer, sender / receiver | +${memory.sender.growthMb} / +${memory.receiver.growthMb} MB (${memory.mbPerSecond} MB/s, completed: ${memory.completed}) | target ≤ 100 MB | — |`,
        'skipped' in chromium
          ? `| browser desk → node file transfer | skipped: ${chromium.skipped} | — | — |`
          : `| browser desk (Chromium) → \`lanline node\` file transfer, median of 3 | ${chromium.fileMBps} MB/s | raw Chromium ↔ wrtc channel, alternating: ${chromium.rawMBps} MB/s; target ≥ 0.9× | ${chromium.ratio}× |`,
      ],
    };
  },
};

const failover: Suite = {
  name: 'failover',
  async run() {
    report('failover: a client moves to the other of two super peers when the one it uses dies (loopback, 8 + 8 trials)…');
    const f = await failoverTime(8);
    report(
      `  crash (SIGKILL) p50 ${f.crashMs.p50} ms, p95 ${f.crashMs.p95} ms; hang (SIGSTOP) p50 ${f.hangMs.p50} ms, p95 ${f.hangMs.p95} ms (pings every ${f.pingIntervalMs} ms, dead after ${f.deadAfterMs} ms)`,
    );
    const rows = [
      `| failover, super peer crashes (SIGKILL), p50 / p95 | ${Math.round(f.crashMs.p50)} / ${Math.round(f.crashMs.p95)} ms | relay ping every ${f.pingIntervalMs} ms; target ≤ 5 s | — |`,
      `| failover, super peer hangs or loses its cable (SIGSTOP), p50 / p95 | ${Math.round(f.hangMs.p50)} / ${Math.round(f.hangMs.p95)} ms | declared dead after ${f.deadAfterMs} ms of silence; target ≤ 5 s | ${f.hangP95OverDeadAfter}× (p95) |`,
    ];
    return { figures: { failover: f }, rows };
  },
};

const mailbox: Suite = {
  name: 'mailbox',
  async run() {
    report(
      'mailbox: deposit → fetch through a super peer, beside direct sending in the same run (5 alternating rounds of 200, loopback)…',
    );
    const m = await mailboxThroughput(5, 200);
    report(
      `  medians: direct ${m.directPerSecond}/s; deposit ${m.depositPerSecond}/s (${m.depositOverDirect}×); fetch ${m.fetchPerSecond}/s (${m.fetchOverDirect}×)`,
    );
    const rows = [
      `| mailbox deposits confirmed/s (recipient away), median of 5 × 200 | ${m.depositPerSecond}/s | direct send → ack ${m.directPerSecond}/s | ${m.depositOverDirect}× |`,
      `| mailbox deliveries stored/s when the recipient comes back, median of 5 × 200 | ${m.fetchPerSecond}/s | direct send → ack ${m.directPerSecond}/s | ${m.fetchOverDirect}× |`,
    ];
    return { figures: { mailbox: m }, rows };
  },
};

export const SUITES: Suite[] = [channel, messaging, presence, store, files, relay, failover, mailbox, ui];
