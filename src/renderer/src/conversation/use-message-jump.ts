import { useEffect, useRef, useState } from 'react';
import type { Message } from '../../../core/model';
import { PAGE_SIZE, type ConversationView } from './use-conversation';

/** A request to show one message, e.g. from a search hit. Each click makes a new object, so the same message can be jumped to twice. */
export interface MessageJump {
  conversation: string;
  messageId: string;
}

/** How far back a jump looks before it gives up: enough pages for a long history, few enough to keep the list light. */
export const MAX_JUMP_PAGES = 20;
/** How long the message a jump lands on stays highlighted. */
export const HIGHLIGHT_MS = 2000;

/** found; beyond the pages a jump loads; not in the conversation at all; or a page failed to load. */
export type JumpOutcome = 'found' | 'too-far' | 'missing' | 'failed';

export interface JumpView {
  /** Loading pages until the message is there. */
  seeking: boolean;
  outcome: JumpOutcome | undefined;
  /** The message to scroll to, as a new object per jump, so the list scrolls once for each. */
  reveal: MessageJump | undefined;
  /** The message to highlight, for HIGHLIGHT_MS after it is found. */
  highlightedId: string | undefined;
  /** Hides the outcome notice. */
  dismiss(): void;
}

/** A message found this close to the oldest loaded one gets the page above it too, so it can sit mid-view with context. */
const CONTEXT_ABOVE = 20;

async function seek(
  messageId: string,
  loaded: readonly Message[],
  loadEarlier: ConversationView['loadEarlier'],
  signal: AbortSignal,
): Promise<JumpOutcome | undefined> {
  let index = loaded.findIndex((message) => message.id === messageId);
  for (let pages = 0; index < 0 && pages < MAX_JUMP_PAGES; pages++) {
    const page = await loadEarlier();
    if (signal.aborted) return undefined;
    if (!page) return 'failed';
    index = page.findIndex((message) => message.id === messageId);
    if (index < 0 && page.length < PAGE_SIZE) return 'missing';
  }
  if (index < 0) return 'too-far';
  // Without it the message would be pinned to the top edge; loadEarlier ends quietly at the beginning.
  if (index < CONTEXT_ABOVE) await loadEarlier();
  return signal.aborted ? undefined : 'found';
}

/** Brings a message into the loaded pages, paging back as far as MAX_JUMP_PAGES, and highlights it. */
export function useMessageJump(jump: MessageJump | undefined, conversation: ConversationView): JumpView {
  const { messages, loaded, loadEarlier } = conversation;
  const [settled, setSettled] = useState<{ jump: MessageJump; outcome: JumpOutcome }>();
  const [faded, setFaded] = useState<MessageJump>();
  const [dismissed, setDismissed] = useState<MessageJump>();
  // The seek reads the messages once, when it starts; a ref, so new messages do not restart it.
  const latest = useRef(messages);

  useEffect(() => {
    latest.current = messages;
  }, [messages]);

  useEffect(() => {
    if (!jump || !loaded) return;
    const controller = new AbortController();
    void seek(jump.messageId, latest.current, loadEarlier, controller.signal).then((outcome) => {
      if (outcome && !controller.signal.aborted) setSettled({ jump, outcome });
    });
    return () => controller.abort();
  }, [jump, loaded, loadEarlier]);

  const current = settled && settled.jump === jump ? settled : undefined;

  useEffect(() => {
    if (current?.outcome !== 'found') return;
    const timer = setTimeout(() => setFaded(current.jump), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [current]);

  const found = current?.outcome === 'found';
  return {
    seeking: jump !== undefined && current === undefined,
    outcome: current && dismissed !== current.jump ? current.outcome : undefined,
    reveal: found ? current.jump : undefined,
    highlightedId: found && faded !== current.jump ? current.jump.messageId : undefined,
    dismiss: () => current && setDismissed(current.jump),
  };
}
