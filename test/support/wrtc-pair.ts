import { createWrtcHost } from '../../src/main/rtc/wrtc-host';
import type { Pipe } from '../../src/core/pipe';

/** Two real @roamhq/wrtc peer connections on loopback, joined without signalling. */
export async function wrtcPipePair(): Promise<{ a: Pipe; b: Pipe; close(): void }> {
  const [left, right] = await Promise.all([createWrtcHost(), createWrtcHost()]);
  const offer = await left.createOffer(1, []);
  const answer = await right.acceptOffer(1, offer, []);
  await left.acceptAnswer(1, answer);
  const [a, b] = await Promise.all([left.pipe(1), right.pipe(1)]);
  return {
    a,
    b,
    close() {
      left.closeAll();
      right.closeAll();
    },
  };
}
