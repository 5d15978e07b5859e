import { createWrtcHost } from '../../src/main/rtc/wrtc-host';
import type { Pipe } from '../../src/core/pipe';
import { percentiles, sleep } from '../stats';

/** The baseline everything else is quoted against: a bare wrtc data channel on loopback. */
async function openPair(): Promise<{ a: Pipe; b: Pipe; close(): void }> {
  const [left, right] = await Promise.all([createWrtcHost(), createWrtcHost()]);
  const answer = await right.acceptOffer(1, await left.createOffer(1, []), []);
  await left.acceptAnswer(1, answer);
  const [a, b] = await Promise.all([left.pipe(1), right.pipe(1)]);
  return { a, b, close: () => (left.closeAll(), right.closeAll()) };
}

/** Bytes per second from a to b, bounded by both a byte budget and a deadline. */
export async function rawThroughput(options: { messageBytes: number; totalBytes: number; maxMs: number }) {
  const { a, b, close } = await openPair();
  const highWater = 1024 * 1024;
  const message = new Uint8Array(options.messageBytes).fill(7);
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  b.onDidReceive((data) => {
    received += data.length;
    if (received >= options.totalBytes) done();
  });
  const started = performance.now();
  const deadline = started + options.maxMs;
  let sent = 0;
  while (sent < options.totalBytes && performance.now() < deadline) {
    // wrtc never fires bufferedamountlow, so poll the buffer instead.
    if (a.bufferedAmount > highWater) {
      await sleep(1);
      continue;
    }
    a.send(message);
    sent += message.length;
  }
  await Promise.race([finished, sleep(Math.max(0, deadline - performance.now()) + 2000)]);
  const seconds = (performance.now() - started) / 1000;
  close();
  return {
    messageBytes: options.messageBytes,
    bytes: received,
    seconds: Math.round(seconds * 1000) / 1000,
    mbPerSecond: Math.round((received / seconds / 1e6) * 10) / 10,
  };
}

/** Offer, answer, ICE, DTLS and SCTP between two wrtc peers and nothing else: the floor for opening a link. */
export async function rawChannelOpen(trials: number) {
  const samples: number[] = [];
  for (let i = 0; i < trials; i++) {
    const started = performance.now();
    const { close } = await openPair();
    samples.push(performance.now() - started);
    close();
  }
  return percentiles(samples);
}

/** Round trip of a small message echoed straight back: the floor for any request/response. */
export async function rawRoundTrip(trials: number) {
  const { a, b, close } = await openPair();
  b.onDidReceive((data) => b.send(data));
  const samples: number[] = [];
  for (let i = 0; i < trials; i++) {
    const payload = new Uint8Array(200).fill(i % 256);
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const off = a.onDidReceive(() => {
        off();
        resolve();
      });
      a.send(payload);
    });
    samples.push(performance.now() - started);
  }
  close();
  return percentiles(samples);
}
