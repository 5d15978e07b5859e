import { describe, expect, it } from 'vitest';
import { MESSAGE_SIZE_CANDIDATES, MessageSizeTuner, ROUNDS, SLICE_BYTES, WARMUP_BYTES } from '../../src/core/files/message-size';

const CHUNK = 256 * 1024;

/** Drives the tuner as a download would, with a channel whose speed depends on the message size. */
function measure(mbPerSecondBySize: Record<number, number>, tuner = new MessageSizeTuner()) {
  let t = 0;
  const sizes: number[] = [];
  for (let i = 0; i < 1000 && tuner.chosen === undefined; i++) {
    const size = tuner.sizeFor(CHUNK);
    sizes.push(size);
    t += (CHUNK / (mbPerSecondBySize[size]! * 1e6)) * 1000;
    tuner.arrived(size, CHUNK, t);
  }
  return { tuner, sizes };
}

describe('message size tuner', () => {
  it('warms up, tries each candidate in turn, and picks the fastest', () => {
    const { tuner, sizes } = measure({ 16384: 40, 65536: 70, 262144: 50 });
    expect(tuner.chosen).toBe(65536);
    expect(sizes.slice(0, WARMUP_BYTES / CHUNK).every((s) => s === 65536)).toBe(true);
    const probed = sizes.slice(WARMUP_BYTES / CHUNK);
    const full = (ROUNDS * MESSAGE_SIZE_CANDIDATES.length * SLICE_BYTES) / CHUNK;
    expect(probed.length).toBeLessThanOrEqual(full);
    expect(probed.length).toBeGreaterThan(full - SLICE_BYTES / CHUNK);
    expect(new Set(probed.slice(0, SLICE_BYTES / CHUNK))).toEqual(new Set([16384]));
    expect(tuner.rates()[65536]).toBeCloseTo(70e6, -5);
  });

  it('prefers the larger size when the rates are within 15 %', () => {
    expect(measure({ 16384: 60, 65536: 61, 262144: 54 }).tuner.chosen).toBe(262144);
    expect(measure({ 16384: 60, 65536: 50, 262144: 45 }).tuner.chosen).toBe(16384);
  });

  it('a size fixed by configuration is used without measuring', () => {
    const tuner = new MessageSizeTuner(16384);
    expect(tuner.sizeFor(CHUNK)).toBe(16384);
    expect(tuner.chosen).toBe(16384);
  });
});
