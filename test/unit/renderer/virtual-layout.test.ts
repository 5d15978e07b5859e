import { describe, expect, it } from 'vitest';
import {
  anchorAt,
  centredAnchor,
  HeightIndex,
  maxScrollTop,
  scrollTopFor,
  visibleRange,
} from '../../../src/renderer/src/conversation/virtual-layout';

/** The same questions answered the slow, obvious way. */
const naiveOffset = (heights: number[], index: number) => heights.slice(0, index).reduce((a, b) => a + b, 0);

describe('virtual list maths', () => {
  it('knows where each row starts and which row covers a y position', () => {
    const heights = [40, 20, 60, 20, 100];
    const index = new HeightIndex(heights);
    expect(index.total).toBe(240);
    expect([0, 1, 2, 3, 4, 5].map((i) => index.offsetOf(i))).toEqual([0, 40, 60, 120, 140, 240]);
    expect(index.indexAt(0)).toBe(0);
    expect(index.indexAt(39)).toBe(0);
    expect(index.indexAt(40)).toBe(1);
    expect(index.indexAt(125)).toBe(3);
    expect(index.indexAt(10_000)).toBe(4);
  });

  it('agrees with a plain sum after many random height changes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const heights = Array.from({ length: 1000 }, () => 20 + Math.floor(random() * 80));
    const index = new HeightIndex(heights);
    for (let n = 0; n < 500; n++) {
      const i = Math.floor(random() * heights.length);
      const h = 10 + Math.floor(random() * 200);
      expect(index.set(i, h)).toBe(h - heights[i]!);
      heights[i] = h;
    }
    for (const i of [0, 1, 17, 500, 999, 1000]) expect(index.offsetOf(i)).toBe(naiveOffset(heights, i));
    for (const y of [0, 55, 12_345, 30_000]) {
      const row = index.indexAt(y);
      expect(naiveOffset(heights, row)).toBeLessThanOrEqual(y);
      if (row < heights.length - 1) expect(naiveOffset(heights, row + 1)).toBeGreaterThan(y);
    }
  });

  it('renders only the rows in view plus the overscan, even among 100,000', () => {
    const index = new HeightIndex(new Array(100_000).fill(50));
    const started = performance.now();
    const range = visibleRange(index, 2_500_000, 600, 200);
    expect(performance.now() - started).toBeLessThan(5);
    // 600 px of 50 px rows is 12 rows, and 200 px of overscan is 4 more on each side.
    expect(range).toEqual({ start: 49_996, end: 50_017 });
    expect(visibleRange(new HeightIndex([]), 0, 600, 200)).toEqual({ start: 0, end: 0 });
  });

  it('keeps the row at the top of the view in place when rows above it grow or arrive', () => {
    const keys = ['a', 'b', 'c', 'd'];
    const before = new HeightIndex([100, 100, 100, 100]);
    const anchor = anchorAt(before, (row) => keys[row]!, 150)!; // half-way into b
    expect(anchor).toEqual({ key: 'b', offset: -50 });

    // Two older rows arrive above and 'a' is measured taller.
    const afterKeys = ['y', 'z', 'a', 'b', 'c', 'd'];
    const after = new HeightIndex([80, 80, 130, 100, 100, 100]);
    const top = scrollTopFor(after, (key) => afterKeys.indexOf(key), anchor)!;
    expect(top).toBe(80 + 80 + 130 + 50);
    expect(scrollTopFor(after, () => undefined, anchor)).toBeUndefined();
    // Held by its bottom edge, a row whose top spacing shrinks keeps its text where it was.
    const byBottom = { key: 'b', offset: 50, edge: 'bottom' as const };
    const shrunk = new HeightIndex([80, 80, 130, 90, 100, 100]);
    expect(scrollTopFor(shrunk, (key) => afterKeys.indexOf(key), byBottom)).toBe(80 + 80 + 130 + 90 - 50);
  });

  it('centres a row, or pins one taller than the view to its top', () => {
    expect(centredAnchor('m', 100, 600)).toEqual({ key: 'm', offset: 250 });
    expect(centredAnchor('m', 900, 600)).toEqual({ key: 'm', offset: 0 });
    expect(maxScrollTop(1000, 600)).toBe(400);
    expect(maxScrollTop(300, 600)).toBe(0);
  });
});
