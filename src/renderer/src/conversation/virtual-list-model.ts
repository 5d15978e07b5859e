import { anchorAt, centredAnchor, HeightIndex, maxScrollTop, scrollTopFor, visibleRange, type Anchor } from './virtual-layout';

export interface VirtualRow {
  key: string;
  /**
   * Whether the view may be held by this row. A day divider may not: when
   * earlier messages of its day arrive, its key moves up with them.
   */
  anchorable?: boolean;
}

export interface VirtualListOptions {
  /** Pixels drawn beyond each edge of the viewport, so a flick finds rows ready. */
  overscan: number;
  /** This close to the end still counts as reading the latest; absorbs sub-pixel rounding. */
  bottomSlack: number;
  /** This close to the top, the list asks for earlier rows. */
  nearTop: number;
}

export const DEFAULT_VIRTUAL_OPTIONS: VirtualListOptions = { overscan: 800, bottomSlack: 24, nearTop: 1500 };

/**
 * The state of a bottom-anchored virtual list, apart from React and the DOM
 * so it can be tested on its own: which rows exist, how tall each is (an
 * estimate until measured), where the view is held, and what to draw.
 *
 * Where the view sits is an anchor: the bottom while the reader follows the
 * newest row, otherwise a row and its offset from the top of the viewport.
 * After any change (rows arriving above or below, rows measured taller than
 * estimated, the viewport resized) `scrollTop()` is where the anchored row
 * is exactly where it was on screen, so nothing the reader is looking at moves.
 */
export class VirtualListModel<Row extends VirtualRow> {
  private rows: readonly Row[] = [];
  private keyIndex = new Map<string, number>();
  private readonly measured = new Map<string, number>();
  private index = new HeightIndex();
  private anchor: Anchor | 'bottom' = 'bottom';
  private viewport = { top: 0, height: 0 };
  private head = 0;
  private estimate: (row: Row) => number = () => 40;
  private revealed: object | undefined;
  private unseen = 0;
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: VirtualListOptions = DEFAULT_VIRTUAL_OPTIONS) {}

  /**
   * New rows (a new array means a change). Rows already measured keep their
   * height; new ones start from `estimate`. A new last row is either followed
   * (the reader was at the bottom, or it is `followed`, e.g. one's own message)
   * or counted as unseen.
   */
  setRows(rows: readonly Row[], estimate: (row: Row) => number, followed: (row: Row) => boolean): void {
    if (rows === this.rows && estimate === this.estimate) return;
    const known = this.keyIndex;
    this.rows = rows;
    this.estimate = estimate;
    this.keyIndex = new Map(rows.map((row, i) => [row.key, i]));
    this.index = new HeightIndex(rows.map((row) => this.measured.get(row.key) ?? estimate(row)));
    // Rows at the end that were not there before have arrived (the first rows ever are not "arrivals").
    if (known.size > 0) {
      let arrived = 0;
      let follow = false;
      for (let i = rows.length - 1; i >= 0 && !known.has(rows[i]!.key); i--) {
        if (rows[i]!.anchorable === false) continue;
        arrived++;
        follow ||= followed(rows[i]!);
      }
      if (follow) this.anchor = 'bottom';
      else if (this.anchor !== 'bottom') this.unseen += arrived;
    }
    // Draw the rows where the view is about to be: when rows arrive above, the browser's scroll
    // anchoring moves the view down by their height, so the rows drawn now must be the ones in
    // view after that, not the ones at the old offset (those would be new rows, and the anchor lost).
    if (this.viewport.height > 0) this.viewport = { ...this.viewport, top: this.scrollTop() };
    this.version++;
  }

  /** Real heights of drawn rows. Returns whether anything moved. */
  measure(heights: Iterable<[key: string, height: number]>): boolean {
    let changed = false;
    for (const [key, height] of heights) {
      if (!(height > 0)) continue;
      this.measured.set(key, height);
      const at = this.keyIndex.get(key);
      if (at !== undefined && this.index.set(at, height) !== 0) changed = true;
    }
    if (changed) this.version++;
    return changed;
  }

  /** Forgets measurements, e.g. when the width changed and every height with it. Drawn rows are measured again. */
  forgetHeights(): void {
    this.measured.clear();
    this.index = new HeightIndex(this.rows.map((row) => this.estimate(row)));
    this.version++;
  }

  /**
   * The reader scrolled: take the anchor from what they see now. `seen` is
   * the first row in view as the page has it, measured; without it (the rows
   * in view are not drawn yet, after a long jump) the estimate has to do.
   * `contentHeight` is the page's own scroll height, when known.
   */
  scrolled(top: number, viewportHeight: number, seen?: Anchor, contentHeight = this.totalHeight): void {
    const atBottom = top >= maxScrollTop(contentHeight, viewportHeight) - this.options.bottomSlack;
    const before = this.rangeKey();
    this.viewport = { top, height: viewportHeight };
    const known = seen && this.keyIndex.has(seen.key) ? seen : undefined;
    this.anchor = atBottom ? 'bottom' : (known ?? this.anchorFor(Math.max(0, top - this.head)) ?? 'bottom');
    if (atBottom) this.unseen = 0;
    if (this.rangeKey() !== before) this.version++;
  }

  /** The first row at or below `top` that may hold the view, with its offset from the viewport's top. */
  private anchorFor(top: number): Anchor | undefined {
    const first = anchorAt(this.index, (row) => this.rows[row]!.key, top);
    if (!first) return undefined;
    for (let i = this.index.indexAt(top); i < this.rows.length; i++) {
      if (this.rows[i]!.anchorable !== false) return { key: this.rows[i]!.key, offset: this.index.offsetOf(i) - top };
    }
    return first;
  }

  /** The viewport changed size without a scroll: keep the anchor, learn the size. */
  resized(viewportHeight: number): void {
    if (this.viewport.height === viewportHeight) return;
    this.viewport = { ...this.viewport, height: viewportHeight };
    this.version++;
  }

  /** Centres a row once per `request` object, when that row exists. Returns whether it did. */
  reveal(request: object, key: string): boolean {
    if (request === this.revealed) return false;
    const at = this.keyIndex.get(key);
    if (at === undefined) return false;
    this.revealed = request;
    this.anchor = centredAnchor(key, this.index.height(at), this.viewport.height || 400);
    this.version++;
    return true;
  }

  followBottom(): void {
    this.anchor = 'bottom';
    this.unseen = 0;
    this.version++;
  }

  /** Where the viewport must be scrolled for the anchor to hold, within what the content allows. */
  scrollTop(viewportHeight = this.viewport.height): number {
    const limit = maxScrollTop(this.totalHeight, viewportHeight);
    if (this.anchor === 'bottom') return limit;
    const top = scrollTopFor(this.index, (key) => this.keyIndex.get(key), this.anchor);
    const wanted = top === undefined ? this.viewport.top : top + this.head;
    return Math.min(limit, Math.max(0, wanted));
  }

  /** Records where the viewport really is after scrolling it, so the drawn range follows. */
  settle(top: number, viewportHeight: number): void {
    if (this.viewport.top === top && this.viewport.height === viewportHeight) return;
    const before = this.rangeKey();
    this.viewport = { top, height: viewportHeight };
    if (this.rangeKey() !== before) this.version++;
  }

  get totalHeight(): number {
    return this.head + this.index.total;
  }

  /** What holds the view now: the bottom, or a row at an offset from the viewport's top. */
  get anchorNow(): Anchor | 'bottom' {
    return this.anchor;
  }

  get atBottom(): boolean {
    return this.anchor === 'bottom';
  }

  get unseenBelow(): number {
    return this.unseen;
  }

  /** Close enough to the top (or too little content to scroll) to want earlier rows. */
  get nearTop(): boolean {
    return this.viewport.top < this.options.nearTop || this.totalHeight - this.viewport.height < this.options.nearTop;
  }

  rowIndexOf(key: string): number | undefined {
    return this.keyIndex.get(key);
  }

  rowAt(index: number): Row | undefined {
    return this.rows[index];
  }

  /**
   * The rows to draw, in order, and the space to leave above and below them
   * for the rows that are not drawn. The drawn rows are in normal flow
   * between two spacers, so the browser's own scroll anchoring keeps them
   * still when the space above changes (a page of history arriving, an
   * estimate corrected), and the layout-shift metric sees no movement.
   */
  visible(): { rows: Array<{ row: Row; index: number }>; spaceAbove: number; spaceBelow: number } {
    const { start, end } = this.range();
    const rows: Array<{ row: Row; index: number }> = [];
    for (let i = start; i < end; i++) rows.push({ row: this.rows[i]!, index: i });
    return { rows, spaceAbove: this.index.offsetOf(start), spaceBelow: this.index.total - this.index.offsetOf(end) };
  }

  /** The height of what sits above the rows (the history edge), as measured. */
  setHead(height: number): void {
    if (height === this.head) return;
    this.head = height;
    this.version++;
  }

  private range(): { start: number; end: number } {
    // Before the first measurement of the viewport, draw as if it were a tall window.
    const height = this.viewport.height || 1000;
    return visibleRange(this.index, Math.max(0, this.viewport.top - this.head), height, this.options.overscan);
  }

  private rangeKey(): string {
    const { start, end } = this.range();
    return `${start}:${end}`;
  }

  // For useSyncExternalStore: the version changes whenever what is drawn would.
  getSnapshot = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Tells React to draw again; the hook calls it once after a batch of changes. */
  publish(seen: number): void {
    if (seen === this.version) return;
    for (const listener of this.listeners) listener();
  }
}
