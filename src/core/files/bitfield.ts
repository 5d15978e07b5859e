/** Which chunks of a file are present: one bit per chunk, most significant bit first (as in BitTorrent). */
export class Bitfield {
  readonly bytes: Uint8Array;
  private present = 0;

  constructor(
    readonly size: number,
    bytes?: Uint8Array,
  ) {
    const length = Math.ceil(size / 8);
    if (bytes && bytes.length !== length) throw new RangeError(`a bitfield of ${size} bits is ${length} bytes`);
    this.bytes = bytes ? new Uint8Array(bytes) : new Uint8Array(length);
    // Bits past the end must be zero, or a peer could claim chunks that do not exist.
    if (size % 8 && this.bytes.length) this.bytes[length - 1]! &= 0xff << (8 - (size % 8));
    for (const byte of this.bytes) this.present += popcount(byte);
  }

  static full(size: number): Bitfield {
    const field = new Bitfield(size);
    for (let i = 0; i < size; i++) field.set(i);
    return field;
  }

  get count(): number {
    return this.present;
  }

  get complete(): boolean {
    return this.present === this.size;
  }

  has(index: number): boolean {
    return index >= 0 && index < this.size && (this.bytes[index >>> 3]! & (0x80 >>> (index & 7))) !== 0;
  }

  set(index: number): boolean {
    if (index < 0 || index >= this.size || this.has(index)) return false;
    this.bytes[index >>> 3]! |= 0x80 >>> (index & 7);
    this.present++;
    return true;
  }

  /** Contiguous runs of present chunks as [start, end) pairs. */
  ranges(): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    let start = -1;
    for (let i = 0; i <= this.size; i++) {
      const on = i < this.size && this.has(i);
      if (on && start < 0) start = i;
      if (!on && start >= 0) {
        ranges.push([start, i]);
        start = -1;
      }
    }
    return ranges;
  }
}

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b; b &= b - 1) n++;
  return n;
}
