import { PipeBase } from '../pipe';
import type { DataChannelLike } from './peer-connection';

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined; // text messages are not part of the protocol
}

/** An open RTCDataChannel seen as a Pipe. */
export class DataChannelPipe extends PipeBase {
  constructor(
    private readonly channel: DataChannelLike,
    readonly label: string,
  ) {
    super();
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (event) => {
      const bytes = toBytes(event.data);
      if (bytes) this.deliver(bytes);
    };
    channel.onclose = () => this.end();
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  override get isOpen(): boolean {
    return super.isOpen && this.channel.readyState === 'open';
  }

  protected transmit(data: Uint8Array): void {
    this.channel.send(data);
  }

  override close(): void {
    if (super.isOpen) this.channel.close();
    this.end();
  }
}
