import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { estimateRowHeight, type MessageRow } from './message-rows';
import { VirtualListModel } from './virtual-list-model';

/** Average width of a character of message text, for first guesses at row heights. */
const CHAR_WIDTH_PX = 7.5;

export interface VirtualRows {
  /** The callback ref for the scrolling element. */
  attachScroller: (element: HTMLDivElement | null) => void;
  /** The rows to draw now, with where each goes. */
  visible: Array<{ row: MessageRow; index: number; top: number }>;
  /** The height of everything, for the canvas. */
  totalHeight: number;
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
 * near the viewport are in the page. After every render and before the
 * browser paints, the drawn rows (`[data-row-key]` elements) are measured
 * and the scroll position is put where the model's anchor says; a change
 * there draws again at once, still before the paint.
 */
export function useVirtualRows(options: {
  rows: readonly MessageRow[];
  /** Height of what sits above the first row (the history edge), fixed. */
  headHeight: number;
  /** A message to bring to the middle of the view, once per new object. */
  reveal: { messageId: string } | undefined;
  /** Left out while there is nothing earlier to load. */
  onNearTop: (() => void) | undefined;
}): VirtualRows {
  const { rows, headHeight, reveal, onNearTop } = options;
  const [model] = useState(() => new VirtualListModel<MessageRow>());
  const scrollerElement = useRef<HTMLDivElement | null>(null);
  const resizeObserver = useRef<ResizeObserver>(undefined);
  const [width, setWidth] = useState(0);
  const charsPerLine = Math.max(20, Math.floor((width * 0.7) / CHAR_WIDTH_PX));
  const estimate = useCallback((row: MessageRow) => estimateRowHeight(row, charsPerLine), [charsPerLine]);
  // Idempotent for the same arguments, so it may run during render (and twice under StrictMode).
  model.setRows(rows, estimate, headHeight, (row) => row.kind === 'message' && row.message.outgoing);
  const version = useSyncExternalStore(model.subscribe, model.getSnapshot);

  // Before paint: learn the real heights of what was drawn, then hold the anchor.
  useLayoutEffect(() => {
    const scroller = scrollerElement.current;
    if (!scroller) return;
    if (reveal) model.reveal(reveal, reveal.messageId);
    const drawn = scroller.querySelectorAll<HTMLElement>('[data-row-key]');
    model.measure(
      Array.from(drawn, (element) => [element.dataset.rowKey!, element.getBoundingClientRect().height] as [string, number]),
    );
    const height = scroller.clientHeight;
    const top = model.scrollTop(height);
    if (Math.abs(scroller.scrollTop - top) >= 1) scroller.scrollTop = top;
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
    model.scrolled(scroller.scrollTop, scroller.clientHeight);
    model.publish(version);
  };

  const scrollToBottom = () => {
    model.followBottom();
    model.publish(-1);
  };

  return {
    attachScroller,
    visible: model.visible(),
    totalHeight: model.totalHeight,
    atBottom: model.atBottom,
    unseenBelow: model.unseenBelow,
    onScroll,
    scrollToBottom,
    rowAt: (index) => model.rowAt(index),
    rowIndexOf: (key) => model.rowIndexOf(key),
  };
}
