import { useCallback, useState } from 'react';
import type { MessageJump } from './use-message-jump';

/**
 * The jump a conversation follows: whichever came last of one from outside
 * (a search hit, passed in as a prop) and one from inside (a reply's quote).
 * Each quote click makes a new object, so the same quote can be followed twice.
 */
export function useJumpRequest(
  conversation: string,
  fromOutside: MessageJump | undefined,
): [jump: MessageJump | undefined, jumpToMessage: (messageId: string) => void] {
  const [jump, setJump] = useState(fromOutside);
  const [outsideSeen, setOutsideSeen] = useState(fromOutside);
  // Adjusting state while rendering, as React documents for props that change; an effect would paint the old jump first.
  if (fromOutside !== outsideSeen) {
    setOutsideSeen(fromOutside);
    setJump(fromOutside);
  }
  const jumpToMessage = useCallback((messageId: string) => setJump({ conversation, messageId }), [conversation]);
  return [jump, jumpToMessage];
}
