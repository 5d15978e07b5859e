import type { PeerId } from '../identity';
import type { Link } from '../link';
import type { FileChunkFrame } from './chunk-frame';
import { indicesToRanges } from './frames';
import type { MessageSizeTuner } from './message-size';

/** A chunk on its way: how much of it has arrived. */
interface Assembly {
  sealedLength: number;
  messageBytes: number;
  got: number;
  buffer?: Uint8Array;
  proof?: Uint8Array[];
}

export type PieceResult =
  | { kind: 'partial' }
  | { kind: 'discarded' }
  | { kind: 'chunk'; index: number; sealed: Uint8Array; proof: Uint8Array[]; messageBytes: number }
  | { kind: 'violation'; detail: string };

/**
 * One download's session with one source over one link: what was asked
 * for, the pieces of each chunk as they arrive, and the exact allowance for
 * chunks cancelled while perhaps already on the wire. Anything beyond that —
 * a chunk nobody asked for, a piece past a chunk's end, a gap or an overlap —
 * is a violation, and the exchange cuts the link.
 */
export class SourceSession {
  state: 'opening' | 'open' | 'closed' = 'opening';
  /** Every byte of every chunk frame received, headers included: what the wire carried. */
  bytesReceived = 0;
  private readonly assemblies = new Map<number, Assembly>();
  /** Cancelled chunk → bytes it may still deliver (a chunk being sent is finished by the source). */
  private readonly allowance = new Map<number, number>();

  constructor(
    readonly id: number,
    readonly peer: PeerId,
    readonly link: Link,
    private readonly tuner: MessageSizeTuner,
  ) {}

  /** Nothing more may legitimately arrive on this session. */
  get drained(): boolean {
    return this.assemblies.size === 0 && this.allowance.size === 0;
  }

  request(indices: readonly number[], sealedLength: (index: number) => number): void {
    if (indices.length === 0 || this.state !== 'open') return;
    const bytes = indices.reduce((n, i) => n + sealedLength(i), 0);
    const messageBytes = this.tuner.sizeFor(bytes);
    for (const index of indices) this.assemblies.set(index, { sealedLength: sealedLength(index), messageBytes, got: 0 });
    this.link.send({ t: 'file-get', s: this.id, ranges: indicesToRanges(indices), m: messageBytes });
  }

  cancel(indices: readonly number[]): void {
    const cancelled = indices.filter((index) => this.forget(index));
    if (cancelled.length > 0 && this.state === 'open')
      this.link.send({ t: 'file-cancel', s: this.id, ranges: indicesToRanges(cancelled) });
  }

  /** The source will not send these (it said `file-none` for them). */
  drop(indices: readonly number[]): void {
    for (const index of indices) this.assemblies.delete(index);
  }

  close(complete: boolean): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const index of [...this.assemblies.keys()]) this.forget(index);
    if (this.link.state === 'ready') this.link.send({ t: 'file-close', s: this.id, complete });
  }

  requested(): number[] {
    return [...this.assemblies.keys()];
  }

  receive(frame: FileChunkFrame, now: number): PieceResult {
    this.bytesReceived += frame.data.length + frame.proof.length * 32 + 14;
    const assembly = this.assemblies.get(frame.index);
    if (!assembly) return this.discard(frame);
    if (frame.offset !== assembly.got)
      return { kind: 'violation', detail: `chunk ${frame.index}: piece at ${frame.offset}, expected ${assembly.got}` };
    if (assembly.got + frame.data.length > assembly.sealedLength)
      return { kind: 'violation', detail: `chunk ${frame.index}: more bytes than its ${assembly.sealedLength}` };
    if (frame.offset === 0) assembly.proof = frame.proof;
    if (frame.data.length === assembly.sealedLength) {
      assembly.got = assembly.sealedLength;
      assembly.buffer = frame.data; // one piece: no copy
    } else {
      assembly.buffer ??= new Uint8Array(assembly.sealedLength);
      assembly.buffer.set(frame.data, assembly.got);
      assembly.got += frame.data.length;
    }
    if (assembly.got < assembly.sealedLength) return { kind: 'partial' };
    this.assemblies.delete(frame.index);
    this.tuner.arrived(assembly.messageBytes, assembly.sealedLength, now);
    return {
      kind: 'chunk',
      index: frame.index,
      sealed: assembly.buffer!,
      proof: assembly.proof ?? [],
      messageBytes: assembly.messageBytes,
    };
  }

  private discard(frame: FileChunkFrame): PieceResult {
    const left = this.allowance.get(frame.index);
    if (left === undefined) return { kind: 'violation', detail: `chunk ${frame.index} was not requested` };
    if (frame.data.length > left)
      return { kind: 'violation', detail: `chunk ${frame.index}: more bytes than its cancelled remainder` };
    if (frame.data.length === left) this.allowance.delete(frame.index);
    else this.allowance.set(frame.index, left - frame.data.length);
    return { kind: 'discarded' };
  }

  /** Moves a requested chunk to the allowance; false if it was not requested. */
  private forget(index: number): boolean {
    const assembly = this.assemblies.get(index);
    if (!assembly) return false;
    this.assemblies.delete(index);
    const left = assembly.sealedLength - assembly.got;
    if (left > 0) this.allowance.set(index, left);
    return true;
  }
}
