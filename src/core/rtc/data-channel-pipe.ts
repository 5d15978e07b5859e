import { Emitter } from '../events';
import type { Pipe } from '../pipe';
import type { DataChannelLike } from './peer-connection';

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined; // text messages are not part of the protocol
}

/** An open RTCDataChannel seen as a Pipe. */
export class DataChannelPipe implements Pipe {
  private readonly received = new Emitter<Uint8Array>();
  private readonly closed = new Emitter<void>();
  private ended = false;

  constructor(
    private readonly channel: DataChannelLike,
    readonly label: string,
  ) {
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (event) => {
      const bytes = toBytes(event.data);
      if (bytes) this.received.fire(bytes);
    };
    channel.onclose = () => this.end();
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  get isOpen(): boolean {
    return !this.ended && this.channel.readyState === 'open';
  }

  send(data: Uint8Array): void {
    if (!this.isOpen) throw new Error('pipe is closed');
    this.channel.send(data);
  }

  close(): void {
    if (this.ended) return;
    this.channel.close();
    this.end();
  }

  /** Called when the peer connection fails underneath the channel. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.closed.fire();
  }

  onDidReceive(listener: (data: Uint8Array) => void): () => void {
    return this.received.on(listener);
  }

  onDidClose(listener: () => void): () => void {
    return this.closed.on(listener);
  }
}
