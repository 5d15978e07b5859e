import type { RtcRequest } from '../../core/api/contract';
import { decodeDrainReport, DRAIN_REPORT_LINK } from '../../core/api/pipe-framing';
import { LanlineError } from '../../core/errors';
import { deferred, type Deferred } from '../../core/deferred';
import { PipeBase, type Pipe } from '../../core/pipe';
import type { RtcHost, RtcIceServer } from '../../core/rtc/host';

/** One window that owns RTCPeerConnections, as the backend reaches it. */
export interface WindowChannel {
  request(request: RtcRequest): void;
  sendPipeBytes(linkId: number, data: Uint8Array): void;
  /** Bytes queued towards the window (socket or port), for backpressure. */
  readonly bufferedAmount: number;
}

type RequestBody = RtcRequest extends infer R ? (R extends RtcRequest ? Omit<R, 'requestId'> : never) : never;

/**
 * A data channel that lives in a window; its bytes cross the bridge with a
 * link-id prefix. What is still queued is everything sent that the window has
 * not reported drained from its data channel (pipe-framing.ts); before the
 * window's first report, only what waits in the bridge itself.
 */
class WindowPipe extends PipeBase {
  private sent = 0;
  private delivered: number | undefined;

  constructor(
    private readonly window: WindowChannel,
    private readonly linkId: number,
  ) {
    super();
  }

  get label(): string {
    return `window#${this.linkId}`;
  }

  get bufferedAmount(): number {
    return this.delivered === undefined ? this.window.bufferedAmount : Math.max(0, this.sent - this.delivered);
  }

  drained(delivered: number): void {
    if (delivered <= this.sent) this.delivered = Math.max(this.delivered ?? 0, delivered);
  }

  protected transmit(data: Uint8Array): void {
    this.sent += data.length;
    this.window.sendPipeBytes(this.linkId, data);
  }
}

/**
 * An RtcHost whose peer connections live in a window (Electron renderer or a
 * browser tab). The backend asks, the window answers with `rtc.respond`, and
 * the window reports open channels with `rtc.state`. Keys stay here: the
 * window only ever sees SDP and ciphertext-bearing DTLS.
 */
export class WindowRtcHost implements RtcHost {
  private window: WindowChannel | undefined;
  private nextRequestId = 1;
  private readonly requests = new Map<number, { resolve: (sdp: string | undefined) => void; reject: (e: Error) => void }>();
  private readonly pipes = new Map<number, WindowPipe>();
  private readonly waiting = new Map<number, Deferred<Pipe>>();

  constructor(private readonly timeoutMs = 10_000) {}

  get available(): boolean {
    return this.window !== undefined;
  }

  /** The newest window wins; the links of the one it replaces are closed. */
  attach(window: WindowChannel): void {
    if (this.window && this.window !== window) this.detach(this.window);
    this.window = window;
  }

  detach(window: WindowChannel): void {
    if (this.window !== window) return;
    this.window = undefined;
    const gone = new LanlineError('no-ui', 'the window that owned WebRTC went away');
    for (const entry of this.requests.values()) entry.reject(gone);
    this.requests.clear();
    for (const entry of this.waiting.values()) entry.reject(gone);
    this.waiting.clear();
    for (const pipe of this.pipes.values()) pipe.end();
    this.pipes.clear();
  }

  owns(window: WindowChannel): boolean {
    return this.window === window;
  }

  async createOffer(linkId: number, iceServers: RtcIceServer[]): Promise<string> {
    this.expectPipe(linkId);
    return this.sdp(await this.ask({ op: 'offer', linkId, iceServers }));
  }

  async acceptOffer(linkId: number, offerSdp: string, iceServers: RtcIceServer[]): Promise<string> {
    this.expectPipe(linkId);
    return this.sdp(await this.ask({ op: 'answer', linkId, sdp: offerSdp, iceServers }));
  }

  async acceptAnswer(linkId: number, answerSdp: string): Promise<void> {
    await this.ask({ op: 'complete', linkId, sdp: answerSdp });
  }

  pipe(linkId: number): Promise<Pipe> {
    const open = this.pipes.get(linkId);
    if (open) return Promise.resolve(open);
    const waiting = this.waiting.get(linkId);
    if (!waiting) return Promise.reject(new LanlineError('closed', `link ${linkId} is not open`));
    return waiting.promise;
  }

  close(linkId: number): void {
    const pipe = this.pipes.get(linkId);
    this.pipes.delete(linkId);
    pipe?.end();
    this.waiting.get(linkId)?.reject(new LanlineError('closed', 'connection closed'));
    this.waiting.delete(linkId);
    if (this.window) this.ask({ op: 'close', linkId }).catch(() => {});
  }

  /** The window's reply to a request. */
  respond(window: WindowChannel, reply: { requestId: number; sdp?: string; error?: string }): void {
    if (!this.owns(window)) return;
    const entry = this.requests.get(reply.requestId);
    if (!entry) return;
    this.requests.delete(reply.requestId);
    if (reply.error) entry.reject(new LanlineError('peer-unreachable', reply.error));
    else entry.resolve(reply.sdp);
  }

  /** The window says a link's data channel opened or closed. */
  setState(window: WindowChannel, linkId: number, state: 'open' | 'closed'): void {
    if (!this.owns(window)) return;
    if (state === 'closed') {
      this.pipes.get(linkId)?.end();
      this.pipes.delete(linkId);
      return;
    }
    const waiting = this.waiting.get(linkId);
    if (!waiting || this.pipes.has(linkId)) return;
    const pipe = new WindowPipe(window, linkId);
    pipe.onDidClose(() => this.close(linkId));
    this.pipes.set(linkId, pipe);
    this.waiting.delete(linkId);
    waiting.resolve(pipe);
  }

  /** Bytes that arrived on a window's data channel, or its report of what left them. */
  deliver(window: WindowChannel, linkId: number, data: Uint8Array): void {
    if (!this.owns(window)) return;
    if (linkId === DRAIN_REPORT_LINK) {
      for (const [id, delivered] of decodeDrainReport(data)) this.pipes.get(id)?.drained(delivered);
      return;
    }
    this.pipes.get(linkId)?.deliver(data);
  }

  private expectPipe(linkId: number): void {
    this.waiting.set(linkId, deferred<Pipe>({ quiet: true }));
  }

  private sdp(value: string | undefined): string {
    if (!value) throw new LanlineError('peer-unreachable', 'the window returned no session description');
    return value;
  }

  private ask(body: RequestBody): Promise<string | undefined> {
    const window = this.window;
    if (!window) return Promise.reject(new LanlineError('no-ui', 'No Lanline window is open to make the connection.'));
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.requests.delete(requestId);
        reject(new LanlineError('timeout', `the window did not answer ${body.op} in time`));
      }, this.timeoutMs);
      this.requests.set(requestId, {
        resolve: (sdp) => (clearTimeout(timer), resolve(sdp)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      window.request({ ...body, requestId } as RtcRequest);
    });
  }
}
