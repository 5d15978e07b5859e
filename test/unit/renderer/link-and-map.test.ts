import { describe, expect, it } from 'vitest';
import { gradeOf } from '../../../src/renderer/src/network/link-quality-words';
import { NODE_RADIUS, layoutNetwork } from '../../../src/renderer/src/network/network-layout';

const quality = (rttMs: number | null, lossPercent: number | null = 0) => ({
  rttMs,
  lossPercent,
  inBytesPerSecond: 0,
  outBytesPerSecond: 0,
});

describe('how the UI grades a link', () => {
  it.each([
    [quality(4), 'good'],
    [quality(4, 10), 'poor'],
    [quality(40), 'fair'],
    [quality(40, 4), 'fair'],
    [quality(150), 'poor'],
    [quality(null), 'unknown'],
    [null, 'unknown'],
  ] as const)('%j is %s', (q, grade) => {
    expect(gradeOf(q)).toBe(grade);
  });
});

describe('the network map layout', () => {
  it.each([1, 5, 16, 17, 30])('keeps %i peers apart and inside the drawing', (n) => {
    const { nodes, size } = layoutNetwork(Array.from({ length: n }, (_, i) => i));
    expect(nodes).toHaveLength(n);
    for (const a of nodes) {
      expect(a.x).toBeGreaterThan(NODE_RADIUS);
      expect(a.x).toBeLessThan(size - NODE_RADIUS);
      expect(a.y).toBeGreaterThan(NODE_RADIUS);
      expect(a.y).toBeLessThan(size - NODE_RADIUS);
      for (const b of nodes) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(2 * NODE_RADIUS);
    }
  });
});
