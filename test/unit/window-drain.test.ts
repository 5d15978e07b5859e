import { describe, expect, it } from 'vitest';
import { decodeDrainReport, DRAIN_REPORT_LINK, encodeDrainReport } from '../../src/core/api/pipe-framing';
import { WindowRtcHost, type WindowChannel } from '../../src/main/rtc/window-rtc-host';

/** The backend paces a window's data channels by what the window reports drained from them. */
describe('window pipes and drain reports', () => {
  it('round-trips reports and ignores malformed counts', () => {
    const bytes = encodeDrainReport([
      [1, 0],
      [7, 3 * 2 ** 40],
    ]);
    expect(decodeDrainReport(bytes)).toEqual([
      [1, 0],
      [7, 3 * 2 ** 40],
    ]);
    const bad = encodeDrainReport([[2, -5]]);
    expect(decodeDrainReport(bad)).toEqual([]);
    expect(decodeDrainReport(bytes.subarray(0, 5))).toEqual([]);
  });

  it('counts what the window has not drained, once it reports; before that, the bridge queue', async () => {
    const host = new WindowRtcHost();
    const sent: Uint8Array[] = [];
    // Stands in for the page end of the bridge: records what the backend sends to it.
    const window: WindowChannel = {
      request: (request) => void setTimeout(() => host.respond(window, { requestId: request.requestId, sdp: 'v=0' })),
      sendPipeBytes: (_linkId, data) => void sent.push(data),
      bufferedAmount: 123,
    };
    host.attach(window);
    await host.createOffer(4, []);
    host.setState(window, 4, 'open');
    const pipe = await host.pipe(4);
    pipe.send(new Uint8Array(1000));
    pipe.send(new Uint8Array(500));
    expect(pipe.bufferedAmount).toBe(123);
    host.deliver(window, DRAIN_REPORT_LINK, encodeDrainReport([[4, 600]]));
    expect(pipe.bufferedAmount).toBe(900);
    // A report for more than was ever sent is not believed.
    host.deliver(window, DRAIN_REPORT_LINK, encodeDrainReport([[4, 9999]]));
    expect(pipe.bufferedAmount).toBe(900);
    host.deliver(window, DRAIN_REPORT_LINK, encodeDrainReport([[4, 1500]]));
    expect(pipe.bufferedAmount).toBe(0);
    expect(sent.map((d) => d.length)).toEqual([1000, 500]);
  });
});
