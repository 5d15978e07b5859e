import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { connectControl } from '../../src/main/control/client';
import { browserAvailability, launchChromiumIn } from '../../test/support/browser';
import { createLan, netAvailability, type Host } from '../../test/support/netns';
import { sleep } from '../stats';
import { LANLINE, lineChild } from './processes';
import { writeRandomFile } from './random-file';

/** The slice of the page's WebRTC this bench drives (the bench is type-checked without the DOM). */
interface PageChannel {
  readyState: string;
  bufferedAmount: number;
  send(data: Uint8Array): void;
  onopen: ((e: unknown) => void) | null;
}
interface PagePc {
  iceGatheringState: string;
  localDescription: { sdp: string } | null;
  onicegatheringstatechange: ((e: unknown) => void) | null;
  createDataChannel(label: string, init: { ordered: boolean }): PageChannel;
  createOffer(): Promise<unknown>;
  setLocalDescription(d: unknown): Promise<void>;
  setRemoteDescription(d: { type: string; sdp: string }): Promise<void>;
}
type PageGlobals = { RTCPeerConnection: new () => PagePc; rawPc: PagePc; rawChannel: PageChannel };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number, seconds: number) => Math.round((bytes / seconds / 1e6) * 10) / 10;

/** Why this suite cannot run here, if it cannot: it needs network namespaces (root) and Chromium. */
export function chromiumSkipReason(): string | undefined {
  const net = netAvailability();
  const browser = browserAvailability();
  return !net.ok ? net.reason : !browser.ok ? browser.reason : undefined;
}

/**
 * A bare data channel from a Chromium page to a @roamhq/wrtc process on the
 * other host: what the browser-mode desk's links are made of, with nothing on
 * top. The page sends 256 KiB messages keeping at most 2 MiB queued.
 */
async function rawChromiumToWrtc(page: Page, wrtcHost: Host) {
  const peer = lineChild(
    wrtcHost.spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../fixtures/raw-wrtc-peer.ts')]),
  );
  const offer = await page.evaluate(async () => {
    const pc = new (globalThis as unknown as PageGlobals).RTCPeerConnection();
    const channel = pc.createDataChannel('raw', { ordered: true });
    Object.assign(globalThis, { rawPc: pc, rawChannel: channel });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    return pc.localDescription!.sdp;
  });
  const answer = await peer.ask<{ sdp: string }>({ op: 'answer', sdp: offer });
  await page.evaluate(async (sdp) => {
    const { rawPc, rawChannel } = globalThis as unknown as PageGlobals;
    await rawPc.setRemoteDescription({ type: 'answer', sdp });
    if (rawChannel.readyState !== 'open') await new Promise((r) => (rawChannel.onopen = r));
  }, answer.sdp);
  return {
    async throughput(bytes: number) {
      await peer.ask({ op: 'expect', bytes });
      const done = peer.next<{ received: number; seconds: number }>();
      void page.evaluate(async (total) => {
        const { rawChannel } = globalThis as unknown as PageGlobals;
        const message = new Uint8Array(256 * 1024).fill(7);
        for (let sent = 0; sent < total;) {
          if (rawChannel.bufferedAmount > 2 * 1024 * 1024) {
            await new Promise((r) => setTimeout(r, 1));
            continue;
          }
          rawChannel.send(message);
          sent += message.length;
        }
      }, bytes);
      return done;
    },
    stop: () => peer.child.kill('SIGKILL'),
  };
}

/**
 * File transfer from a browser-mode desk (`lanline serve` and its Chromium
 * page on one host) to a `lanline node` on another, on a virtual LAN, beside
 * the bare Chromium ↔ wrtc channel in the same run. The desk's backend reads
 * and seals; the chunks cross the bridge to the page, which sends them on its
 * data channel, paced by its drain reports.
 */
export async function chromiumThroughput(options: { fileBytes: number; rounds: number; maxMs: number }) {
  const root = mkdtempSync(join(tmpdir(), 'lanline-bench-chromium-'));
  const path = join(root, 'payload.bin');
  await writeRandomFile(path, options.fileBytes);
  const lan = await createLan({ hosts: 2 });
  const [deskHost, nodeHost] = lan.hosts as [Host, Host];
  const deskDir = join(root, 'desk');
  const nodeDir = join(root, 'node');
  const browser = await launchChromiumIn(deskHost);
  try {
    let serveOut = '';
    const serve = deskHost.spawn(process.execPath, [
      LANLINE,
      'serve',
      '--data-dir',
      deskDir,
      '--name',
      'Desk',
      '--port',
      '7400',
      '--log-level',
      'warn',
    ]);
    serve.stdout?.on('data', (d) => (serveOut += String(d)));
    nodeHost.spawn(process.execPath, [
      LANLINE,
      'node',
      '--data-dir',
      nodeDir,
      '--name',
      'Node',
      '--port',
      '7400',
      '--log-level',
      'warn',
    ]);
    for (let i = 0; i < 400 && !/Open (http\S+)/.test(serveOut); i++) await sleep(25);
    const url = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(serveOut)?.[1];
    if (!url) throw new Error(`the desk did not start: ${serveOut}`);
    const page = await browser.newPage();
    await page.goto(url);
    for (let i = 0; i < 200; i++) {
      try {
        await connectControl(nodeDir).then((c) => c.close());
        break;
      } catch {
        await sleep(50);
      }
    }
    const desk = await connectControl(deskDir, 10 * 60_000);
    const node = await connectControl(nodeDir, 10 * 60_000);
    const nodeId = (await node.api.call('status.get', {})).peerId;
    for (let i = 0; i < 600; i++) {
      if ((await desk.api.call('peers.list', {})).some((p) => p.peerId === nodeId && p.online)) break;
      await sleep(50);
    }
    const raw = await rawChromiumToWrtc(await browser.newPage(), nodeHost);
    const rounds: Array<{ rawMBps: number; fileMBps: number; ratio: number; fileDone: boolean }> = [];
    try {
      for (let round = 0; round < options.rounds; round++) {
        const r = await raw.throughput(options.fileBytes);
        const sent = await desk.api.call('files.send', { to: nodeId, paths: [path] });
        const offerId = sent.message.file!.offerId;
        for (let i = 0; i < 400 && (await node.api.call('files.list', { offerId })).length === 0; i++) await sleep(10);
        const started = performance.now();
        await node.api.call('files.accept', { offerId });
        let snapshot;
        for (;;) {
          [snapshot] = await node.api.call('files.list', { offerId });
          if (snapshot?.state === 'done' || snapshot?.state === 'failed' || performance.now() - started > options.maxMs) break;
          await sleep(20);
        }
        const seconds = (performance.now() - started) / 1000;
        const done = snapshot?.state === 'done';
        if (done) await rm(snapshot!.localPath!, { force: true });
        else await node.api.call('files.cancel', { offerId }).catch(() => {});
        await desk.api.call('messages.delete', { id: sent.message.id }).catch(() => {});
        const rawMBps = mb(r.received, r.seconds);
        const fileMBps = mb(done ? options.fileBytes : (snapshot?.bytesDone ?? 0), seconds);
        rounds.push({ rawMBps, fileMBps, ratio: Math.round((fileMBps / rawMBps) * 100) / 100, fileDone: done });
        process.stdout.write(`  round ${round + 1}: raw ${rawMBps} MB/s, file ${fileMBps} MB/s (${rounds.at(-1)!.ratio}×)\n`);
      }
    } finally {
      raw.stop();
      desk.close();
      node.close();
    }
    const rawMBps = median(rounds.map((r) => r.rawMBps));
    const fileMBps = median(rounds.map((r) => r.fileMBps));
    return { fileBytes: options.fileBytes, rounds, rawMBps, fileMBps, ratio: Math.round((fileMBps / rawMBps) * 100) / 100 };
  } finally {
    await browser.close().catch(() => {});
    browser.cleanup();
    await lan.destroy();
    rmSync(root, { recursive: true, force: true });
  }
}
