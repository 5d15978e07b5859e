import { PipeBase } from '../../src/core/pipe';

/**
 * A pair of in-memory pipes whose frames wait in a queue until delivered, so
 * a test decides when they arrive and can drop, duplicate or swap them. This
 * stands in for the network only in property tests, which need thousands of
 * link events in seconds; everything above the pipe is the real engine and
 * store. (Real data channels are covered by the other integration tests.)
 */
export type Fault = 'drop' | 'duplicate' | 'swap' | 'corrupt';

class QueuedPipe extends PipeBase {
  readonly label: string;
  readonly bufferedAmount = 0;
  constructor(
    label: string,
    private readonly outbox: Uint8Array[],
  ) {
    super();
    this.label = label;
  }
  protected transmit(data: Uint8Array): void {
    this.outbox.push(data);
  }
}

export class FaultyLink {
  private readonly aToB: Uint8Array[] = [];
  private readonly bToA: Uint8Array[] = [];
  readonly a = new QueuedPipe('a→b', this.aToB);
  readonly b = new QueuedPipe('b→a', this.bToA);
  private readonly faults = { ab: [] as Fault[], ba: [] as Fault[] };

  constructor() {
    this.a.onDidClose(() => this.b.end());
    this.b.onDidClose(() => this.a.end());
  }

  /** The next frame delivered in that direction suffers `fault`. */
  inject(direction: 'ab' | 'ba', fault: Fault): void {
    this.faults[direction].push(fault);
  }

  get pending(): number {
    return this.aToB.length + this.bToA.length;
  }

  /** Delivers everything queued now (not what that provokes), applying armed faults; one way only with `direction`. */
  deliverQueued(direction?: 'ab' | 'ba'): void {
    if (direction !== 'ba') this.flush(this.aToB.splice(0), this.b, this.faults.ab);
    if (direction !== 'ab') this.flush(this.bToA.splice(0), this.a, this.faults.ba);
  }

  private flush(frames: Uint8Array[], to: QueuedPipe, faults: Fault[]): void {
    while (frames.length > 0) {
      const frame = frames.shift()!;
      const fault = faults.shift();
      if (fault === 'drop') continue;
      if (fault === 'corrupt') {
        const altered = frame.slice();
        altered[altered.length >> 1]! ^= 0x01;
        to.deliver(altered);
        continue;
      }
      if (fault === 'swap' && frames.length > 0) {
        to.deliver(frames.shift()!);
        to.deliver(frame);
        continue;
      }
      to.deliver(frame);
      if (fault === 'duplicate') to.deliver(frame);
    }
  }

  close(): void {
    this.a.end();
  }
}
