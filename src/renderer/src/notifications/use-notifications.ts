import { useEffect, useRef } from 'react';
import type { Message, Peer } from '../../../core/model';
import type { NameOf } from '../people/name-book';
import { useBackend } from '../app/backend-context';
import { notificationFor, type NotifyLevel } from './notification-policy';
import type { Notifier } from './notifier';

/** Enough to remember every message seen this session without growing forever. */
const SEEN_LIMIT = 5000;

export interface NotificationSettings {
  notifier: Notifier;
  level: NotifyLevel;
  showText: boolean;
  selfName: string | undefined;
  peers: readonly Peer[];
  nameOf: NameOf;
  /** A group's name by its id; undefined for anything else. */
  groupName: (conversation: string) => string | undefined;
  /** The conversation in front of the person, if any. */
  openConversation: string | undefined;
  onOpen: (conversation: string) => void;
}

/** Whether the person is looking at this window right now. */
function windowAttended(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/**
 * Raises a system notification for each new incoming message the person is
 * not already looking at (see notification-policy.ts for the rules).
 * Clicking it brings the window forward on that conversation.
 */
export function useNotifications(settings: NotificationSettings): void {
  const { api } = useBackend();
  const latest = useRef(settings);
  const seen = useRef(new Set<string>());

  useEffect(() => {
    latest.current = settings;
  });

  useEffect(
    () =>
      api.on('message.changed', (message: Message) => {
        const s = latest.current;
        if (seen.current.has(message.id)) return;
        seen.current.add(message.id);
        if (seen.current.size > SEEN_LIMIT) seen.current.delete(seen.current.values().next().value!);
        if (!s.selfName || s.notifier.permission() !== 'granted') return;
        const request = notificationFor(message, {
          level: s.level,
          attended: windowAttended() && s.openConversation === message.conversation,
          selfName: s.selfName,
          names: s.peers.map((peer) => peer.name),
          authorName: s.nameOf(message.from),
          groupName: s.groupName(message.conversation),
          showText: s.showText,
        });
        if (request) s.notifier.show(request, () => latest.current.onOpen(request.conversation));
      }),
    [api],
  );
}
