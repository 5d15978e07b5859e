import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Message } from '../../../core/model';

/** How close to the end still counts as "reading the latest"; absorbs sub-pixel rounding. */
const AT_BOTTOM_SLACK_PX = 48;
/** How close to the top the reader gets before the earlier page is fetched, so it is usually there before they arrive. */
const NEAR_TOP_PX = 600;

export interface MessageScroll {
  scroller: RefObject<HTMLDivElement | null>;
  onScroll(): void;
}

/**
 * Where the message list is scrolled to, decided after each change and before
 * it is painted: follow new messages while the reader is at the bottom, keep
 * the same messages in view when an earlier page lands above them, and bring a
 * message jumped to into the middle. Near the top, `onNearTop` asks for more.
 */
export function useMessageScroll(
  messages: readonly Message[],
  reveal: { messageId: string } | undefined,
  onNearTop: (() => void) | undefined,
): MessageScroll {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // Measured from the bottom, because that distance survives pages added at the top.
  const fromBottom = useRef(0);
  const first = useRef<string>(undefined);
  const last = useRef<string>(undefined);
  const revealed = useRef<object>(undefined);

  const measure = (element: HTMLElement) => {
    fromBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight;
    atBottom.current = fromBottom.current < AT_BOTTOM_SLACK_PX;
  };

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const newest = messages[messages.length - 1];
    const arrived = newest !== undefined && newest.id !== last.current;
    const prepended = first.current !== undefined && messages[0]?.id !== first.current;
    const target =
      reveal && reveal !== revealed.current ? element.querySelector(`[data-message-id="${CSS.escape(reveal.messageId)}"]`) : null;
    if (target) {
      target.scrollIntoView({ block: 'center' });
      revealed.current = reveal;
    } else if (atBottom.current || (arrived && newest.outgoing)) {
      // Something I just sent is always worth seeing, wherever I was.
      element.scrollTop = element.scrollHeight;
    } else if (prepended) {
      element.scrollTop = element.scrollHeight - element.clientHeight - fromBottom.current;
    }
    first.current = messages[0]?.id;
    last.current = newest?.id;
    measure(element);
  }, [messages, reveal]);

  // A first page too short to scroll gives no scroll event; ask for more until it fills the view.
  useEffect(() => {
    const element = scroller.current;
    if (element && onNearTop && element.scrollHeight - element.clientHeight < NEAR_TOP_PX) onNearTop();
  }, [messages.length, onNearTop]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    measure(element);
    if (element.scrollTop < NEAR_TOP_PX) onNearTop?.();
  };

  return { scroller, onScroll };
}
