import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describeError } from '../../../core/errors';
import type { Message } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import type { MessageHandlers } from './message-handlers';
import type { ReactionTarget } from './ReactionPicker';

export interface MessageActionsView {
  handlers: MessageHandlers;
  editingId: string | undefined;
  /** The message whose deletion waits for a yes. */
  deleting: Message | undefined;
  confirmDelete(): Promise<void>;
  cancelDelete(): void;
  reactionTarget: ReactionTarget | undefined;
  closePicker(): void;
  /** What went wrong with the last reaction, for a notice; edits and deletes report in their own place. */
  error: string | undefined;
  dismissError(): void;
}

/**
 * Everything a conversation does to its messages besides writing new ones:
 * replying, editing in place, deleting after a confirmation, reacting. Each
 * answer from the backend is put in the list at once (`upsert`) rather than
 * waiting for its event, so the change shows on the next frame.
 */
export function useMessageActions(options: {
  upsert: (message: Message) => void;
  reply: (message: Message) => void;
  showQuoted: (messageId: string) => void;
}): MessageActionsView {
  const { api } = useBackend();
  const [editingId, setEditingId] = useState<string>();
  const [deleting, setDeleting] = useState<Message>();
  const [reactionTarget, setReactionTarget] = useState<ReactionTarget>();
  const [error, setError] = useState<string>();
  // The row callbacks must stay the same objects, so they read the latest options from here.
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  const endEdit = useCallback(() => setEditingId(undefined), []);
  const react = useCallback(
    (message: Message, emoji: string, on: boolean) => {
      setError(undefined);
      api.call('messages.react', { id: message.id, emoji, on }).then(
        (changed) => latest.current.upsert(changed),
        (caught: unknown) => setError(`The reaction did not go through: ${describeError(caught)}`),
      );
    },
    [api],
  );

  const handlers = useMemo<MessageHandlers>(
    () => ({
      reply: (message) => latest.current.reply(message),
      showQuoted: (messageId) => latest.current.showQuoted(messageId),
      startEdit: (message) => setEditingId(message.id),
      saveEdit: async (message, text) => {
        latest.current.upsert(await api.call('messages.edit', { id: message.id, text }));
        setEditingId((current) => (current === message.id ? undefined : current));
      },
      endEdit,
      askDelete: (message) => setDeleting(message),
      pickReaction: (message, anchor) => setReactionTarget({ message, anchor }),
      react,
    }),
    [api, endEdit, react],
  );

  const confirmDelete = useCallback(async () => {
    if (!deleting) return;
    latest.current.upsert(await api.call('messages.delete', { id: deleting.id }));
    setEditingId((current) => (current === deleting.id ? undefined : current));
  }, [api, deleting]);

  return {
    handlers,
    editingId,
    deleting,
    confirmDelete,
    cancelDelete: useCallback(() => setDeleting(undefined), []),
    reactionTarget,
    closePicker: useCallback(() => setReactionTarget(undefined), []),
    error,
    dismissError: useCallback(() => setError(undefined), []),
  };
}
