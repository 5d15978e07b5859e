import { describe, expect, it } from 'vitest';
import { MESSAGE_SIZE_CANDIDATES, MessageSizeTuner, ROUNDS, SLICE_BYTES, WARMUP_BYTES } from '../../src/core/files/message-size';

const CHUNK = 256 * 1024;

/**
 * Drives the tuner as a download would, over a link whose speed depends on
 * the message size; `speeds` may be a function of the round, to model load
 * that changes under the measurement.
 */
function measure(speeds: (size: number, chunk: number) => number, tuner = new MessageSizeTuner()) {
  let t = 0;
  const sizes: number[] = [];
  for (let i = 0; i < 1000 && tuner.chosen === undefined; i++) {
    const size = tuner.sizeFor(CHUNK);
    sizes.push(size);
    t += (CHUNK / (speeds(size, i) * 1e6)) * 1000;
    tuner.arrived(size, CHUNK, t);
  }
  return { tuner, sizes };
}

const fixed = (table: Record<number, number>) => (size: number) => table[size]!;

describe('message size tuner', () => {
  it('warms up, then tries each candidate in turn, in every round', () => {
    const { tuner, sizes } = measure(fixed({ 16384: 50, 65536: 55, 262144: 60 }));
    expect(tuner.chosen).toBe(262144);
    expect(sizes.slice(0, WARMUP_BYTES / CHUNK).every((s) => s === 65536)).toBe(true);
    const probed = sizes.slice(WARMUP_BYTES / CHUNK);
    const perSlice = SLICE_BYTES / CHUNK;
    expect(probed.length).toBeGreaterThan((ROUNDS * MESSAGE_SIZE_CANDIDATES.length - 1) * perSlice);
    expect(new Set(probed.slice(0, perSlice))).toEqual(new Set([262144]));
    expect(new Set(probed.slice(perSlice, 2 * perSlice))).toEqual(new Set([65536]));
    expect(tuner.rates()[262144]![0]).toBeCloseTo(60e6, -5);
  });

  it('gives up 256 KiB only for a size that beats it by more than 15 % in every round', () => {
    expect(measure(fixed({ 16384: 40, 65536: 80, 262144: 50 })).tuner.chosen).toBe(65536);
    expect(measure(fixed({ 16384: 56, 65536: 55, 262144: 50 })).tuner.chosen).toBe(262144);
    // A burst of load during the first round's 256 KiB slice alone is not a consistent win.
    const burst = (size: number, chunk: number) =>
      size === 262144 && chunk < 60 ? 30 : { 16384: 45, 65536: 55, 262144: 60 }[size]!;
    expect(measure(burst).tuner.chosen).toBe(262144);
  });

  it('a pause between two downloads does not count against the slice it falls in', () => {
    // Every 256 KiB slice is split by a ten-second idle gap half way through.
    const tuner = new MessageSizeTuner();
    let t = 0;
    for (let i = 0; i < 1000 && tuner.chosen === undefined; i++) {
      const size = tuner.sizeFor(CHUNK);
      t += (CHUNK / ({ 16384: 45, 65536: 50, 262144: 60 }[size]! * 1e6)) * 1000 + (i % 32 === 16 ? 10_000 : 0);
      tuner.arrived(size, CHUNK, t);
    }
    expect(tuner.chosen).toBe(262144);
    expect(tuner.rates()[262144]![0]).toBeCloseTo(60e6, -5);
  });

  it('a size fixed by configuration is used without measuring', () => {
    const tuner = new MessageSizeTuner(16384);
    expect(tuner.sizeFor(CHUNK)).toBe(16384);
    expect(tuner.chosen).toBe(16384);
  });
});
