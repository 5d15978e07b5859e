/**
 * Reusable chunk-sized buffers. At LAN speeds a fresh 256 KiB buffer per
 * chunk is hundreds of MB/s of short-lived external memory, which V8 answers
 * with full collections (a fifth of the CPU in profiles before pooling).
 */
export class BufferPool {
  private readonly free: Uint8Array[] = [];

  constructor(
    readonly size: number,
    private readonly keep = 16,
  ) {}

  take(): Uint8Array {
    return this.free.pop() ?? new Uint8Array(this.size);
  }

  give(buffer: Uint8Array): void {
    if (buffer.byteLength === this.size && buffer.byteOffset === 0 && this.free.length < this.keep) this.free.push(buffer);
  }
}
