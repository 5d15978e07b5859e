import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Message } from '../../../core/model';
import { estimateRowHeight, type MessageRow } from './message-rows';
import type { Anchor } from './virtual-layout';
import { VirtualListModel } from './virtual-list-model';

/**
 * The first drawn row that may hold the view and reaches into it, and how
 * far its top is below the viewport's top, as laid out (not as estimated).
 */
function firstRowInView(scroller: HTMLElement): Anchor | undefined {
  const top = viewportTop(scroller);
  const bottom = top + scroller.clientHeight;
  for (const element of scroller.querySelectorAll<HTMLElement>('[data-row-key]')) {
    if (element.dataset.anchorable === 'false') continue;
    const box = element.getBoundingClientRect();
    if (box.bottom <= top) continue;
    // Past a long jump the drawn rows may all be off screen; then nothing in view is drawn yet.
    return box.top < bottom ? { key: element.dataset.rowKey!, offset: box.bottom - top, edge: 'bottom' } : undefined;
  }
  return undefined;
}

function viewportTop(scroller: HTMLElement): number {
  return scroller.getBoundingClientRect().top + scroller.clientTop;
}

/**
 * Where the view must be for the anchor to hold, from the page itself: the
 * bottom is the page's own height, a row is wherever it was laid out. Only
 * when the anchored row is not drawn does the model's estimate stand in.
 */
function wantedScrollTop(scroller: HTMLElement, model: VirtualListModel<MessageRow>): number {
  const anchor = model.anchorNow;
  const height = scroller.clientHeight;
  if (anchor === 'bottom') return scroller.scrollHeight - height;
  const element = scroller.querySelector(`[data-row-key="${CSS.escape(anchor.key)}"]`);
  if (!element) return model.scrollTop(height);
  const box = element.getBoundingClientRect();
  const edge = anchor.edge === 'bottom' ? box.bottom : box.top;
  const top = scroller.scrollTop + edge - viewportTop(scroller) - anchor.offset;
  return Math.min(scroller.scrollHeight - height, Math.max(0, top));
}

/** Average width of a character of message text, for first guesses at row heights. */
const CHAR_WIDTH_PX = 7.5;

export interface VirtualRows {
  /** The callback ref for the scrolling element. */
  attachScroller: (element: HTMLDivElement | null) => void;
  /** The rows to draw now, in order. */
  visible: Array<{ row: MessageRow; index: number }>;
  /** Room for the rows above and below the drawn ones. */
  spaceAbove: number;
  spaceBelow: number;
  atBottom: boolean;
  /** New messages arrived below while the reader was further up. */
  unseenBelow: number;
  onScroll(): void;
  scrollToBottom(): void;
  rowAt(index: number): MessageRow | undefined;
  rowIndexOf(key: string): number | undefined;
}

/**
 * The DOM side of a VirtualListModel for the message list: only the rows
 * near the viewport are in the page, in normal flow between two spacers.
 * After every render and before the browser paints, the history edge
 * (`[data-virtual-head]`) and the drawn rows (`[data-row-key]`) are measured
 * and the scroll position is put where the model's anchor says; a change
 * there draws again at once, still before the paint.
 */
export function useVirtualRows(options: {
  rows: readonly MessageRow[];
  /** A message to bring to the middle of the view, once per new object. */
  reveal: { messageId: string } | undefined;
  /** Left out while there is nothing earlier to load. */
  onNearTop: (() => void) | undefined;
  /** Whether a new message must be followed even when the reader is further up. */
  follows: (message: Message) => boolean;
}): VirtualRows {
  const { rows, reveal, onNearTop, follows } = options;
  const [model] = useState(() => new VirtualListModel<MessageRow>());
  const scrollerElement = useRef<HTMLDivElement | null>(null);
  const resizeObserver = useRef<ResizeObserver>(undefined);
  const [width, setWidth] = useState(0);
  const charsPerLine = Math.max(20, Math.floor((width * 0.7) / CHAR_WIDTH_PX));
  const estimate = useCallback((row: MessageRow) => estimateRowHeight(row, charsPerLine), [charsPerLine]);
  // Idempotent for the same arguments, so it may run during render (and twice under StrictMode).
  model.setRows(rows, estimate, (row) => row.kind === 'message' && follows(row.message));
  const version = useSyncExternalStore(model.subscribe, model.getSnapshot);

  // Before paint: learn the real heights of what was drawn, then hold the anchor.
  useLayoutEffect(() => {
    const scroller = scrollerElement.current;
    if (!scroller) return;
    if (reveal) model.reveal(reveal, reveal.messageId);
    const head = scroller.querySelector<HTMLElement>('[data-virtual-head]');
    model.setHead(head ? head.getBoundingClientRect().height : 0);
    const drawn = scroller.querySelectorAll<HTMLElement>('[data-row-key]');
    model.measure(
      Array.from(drawn, (element) => [element.dataset.rowKey!, element.getBoundingClientRect().height] as [string, number]),
    );
    const height = scroller.clientHeight;
    const top = wantedScrollTop(scroller, model);
    if (Math.abs(scroller.scrollTop - top) >= 0.5) scroller.scrollTop = top;
    model.settle(scroller.scrollTop, height);
    model.publish(version);
  });

  // The viewport changes size (window, zoom, the composer growing): measure again and hold the anchor.
  // Rows changing height on their own (the text size setting) come with a render from above.
  const attachScroller = useCallback(
    (element: HTMLDivElement | null) => {
      resizeObserver.current?.disconnect();
      scrollerElement.current = element;
      if (!element) return;
      const observer = new ResizeObserver(() => {
        model.resized(element.clientHeight);
        setWidth(element.clientWidth);
        model.publish(-1);
      });
      observer.observe(element);
      resizeObserver.current = observer;
    },
    [model],
  );

  useEffect(() => {
    if (onNearTop && scrollerElement.current && model.nearTop) onNearTop();
  }, [onNearTop, model, version]);

  const onScroll = () => {
    const scroller = scrollerElement.current;
    if (!scroller) return;
    model.scrolled(scroller.scrollTop, scroller.clientHeight, firstRowInView(scroller), scroller.scrollHeight);
    model.publish(version);
  };

  const scrollToBottom = () => {
    model.followBottom();
    model.publish(-1);
  };

  const drawn = model.visible();
  return {
    attachScroller,
    visible: drawn.rows,
    spaceAbove: drawn.spaceAbove,
    spaceBelow: drawn.spaceBelow,
    atBottom: model.atBottom,
    unseenBelow: model.unseenBelow,
    onScroll,
    scrollToBottom,
    rowAt: (index) => model.rowAt(index),
    rowIndexOf: (key) => model.rowIndexOf(key),
  };
}
