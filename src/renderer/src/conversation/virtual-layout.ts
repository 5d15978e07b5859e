/**
 * The arithmetic of a virtualised list whose rows have different heights.
 *
 * Heights live in a Fenwick (binary indexed) tree, so changing one measured
 * height and asking "where does row i start?" or "which row is at y?" are
 * both O(log n). That keeps a 100,000-row history as cheap to scroll as a
 * 100-row one; only building the tree for a new set of rows is O(n).
 */
export class HeightIndex {
  private tree: Float64Array;
  private heights: Float64Array;

  constructor(heights: ArrayLike<number> = []) {
    const n = heights.length;
    this.heights = Float64Array.from(heights);
    this.tree = new Float64Array(n + 1);
    // Linear-time construction: each node passes its sum up to its parent once.
    for (let i = 1; i <= n; i++) {
      this.tree[i]! += this.heights[i - 1]!;
      const parent = i + (i & -i);
      if (parent <= n) this.tree[parent]! += this.tree[i]!;
    }
  }

  get length(): number {
    return this.heights.length;
  }

  height(index: number): number {
    return this.heights[index] ?? 0;
  }

  /** Sets one row's height; returns how much it changed. */
  set(index: number, height: number): number {
    const delta = height - this.heights[index]!;
    if (delta === 0) return 0;
    this.heights[index] = height;
    for (let i = index + 1; i <= this.heights.length; i += i & -i) this.tree[i]! += delta;
    return delta;
  }

  /** Where row `index` starts: the sum of the heights before it. `offsetOf(length)` is the total. */
  offsetOf(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.heights.length); i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  get total(): number {
    return this.offsetOf(this.heights.length);
  }

  /** The row that covers `offset`: the last one starting at or before it, clamped to the rows there are. */
  indexAt(offset: number): number {
    const n = this.heights.length;
    if (n === 0) return 0;
    let index = 0;
    let remaining = offset;
    for (let step = 1 << Math.floor(Math.log2(n)); step > 0; step >>= 1) {
      const next = index + step;
      if (next <= n && this.tree[next]! <= remaining) {
        index = next;
        remaining -= this.tree[next]!;
      }
    }
    return Math.min(index, n - 1);
  }
}

/** The rows to render for a viewport, with `overscan` pixels drawn beyond each edge so fast scrolling finds them ready. */
export function visibleRange(
  index: HeightIndex,
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): { start: number; end: number } {
  if (index.length === 0) return { start: 0, end: 0 };
  const start = index.indexAt(Math.max(0, scrollTop - overscan));
  const last = index.indexAt(scrollTop + viewportHeight + overscan);
  return { start, end: Math.min(index.length, last + 1) };
}

/**
 * A row held in place on screen: the row's top edge (or its bottom edge)
 * sits `offset` pixels below the top of the viewport. Whatever happens above
 * it (pages of history arriving, rows measured taller than estimated), the
 * list scrolls so that stays true. The bottom edge is the steadier hold for
 * what the reader sees: a row's top spacing changes when the message before
 * it arrives (it may join that message's group), its text does not.
 */
export interface Anchor {
  key: string;
  offset: number;
  edge?: 'top' | 'bottom';
}

/** The anchor for what the reader sees now: the first row at the top of the viewport. */
export function anchorAt(index: HeightIndex, keyAt: (row: number) => string, scrollTop: number): Anchor | undefined {
  if (index.length === 0) return undefined;
  const row = index.indexAt(scrollTop);
  return { key: keyAt(row), offset: index.offsetOf(row) - scrollTop };
}

/** The scrollTop that puts the anchor back where it was; undefined when its row is gone. */
export function scrollTopFor(
  index: HeightIndex,
  rowOfKey: (key: string) => number | undefined,
  anchor: Anchor,
): number | undefined {
  const row = rowOfKey(anchor.key);
  if (row === undefined) return undefined;
  const edge = anchor.edge === 'bottom' ? index.offsetOf(row + 1) : index.offsetOf(row);
  return edge - anchor.offset;
}

/** The largest scrollTop a list of this height allows in this viewport. */
export function maxScrollTop(total: number, viewportHeight: number): number {
  return Math.max(0, total - viewportHeight);
}

/** Puts a row in the middle of the viewport, or at its top when it is taller than the viewport. */
export function centredAnchor(key: string, rowHeight: number, viewportHeight: number): Anchor {
  return { key, offset: Math.max(0, (viewportHeight - rowHeight) / 2) };
}
