import { useEffect, useMemo, useRef, useState } from 'react';
import { summarize, type FileTransferSummary, type TransferSnapshot } from '../../../core/files/transfer-model';
import { useBackend } from '../app/backend-context';

/**
 * One offer's files as this window sees them move: the snapshots the backend
 * sends (`file.changed`, a few a second while a file moves), fetched once on
 * mount and on every reconnect so nothing is missed in between.
 */
export function useOfferTransfers(offerId: string): TransferSnapshot[] {
  const { api, state, epoch } = useBackend();
  const [files, setFiles] = useState<TransferSnapshot[]>([]);
  useEffect(
    () =>
      api.on('file.changed', (snapshot) => {
        if (snapshot.offerId !== offerId) return;
        setFiles((list) => {
          const next = list.filter((f) => f.entry !== snapshot.entry);
          next.push(snapshot);
          return next.sort((a, b) => a.entry - b.entry);
        });
      }),
    [api, offerId],
  );
  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('files.list', { offerId }).then(
      (list) => current && setFiles(list),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch, offerId]);
  return files;
}

/** The offer summed up: live once snapshots arrive, the message's own summary until then. */
export function useOfferSummary(offerId: string, initial: FileTransferSummary | null) {
  const files = useOfferTransfers(offerId);
  const summary = useMemo(() => (files.length ? summarize(files, initial?.localPath ?? null) : initial), [files, initial]);
  return { files, summary };
}

/** Every transfer of a conversation whose name has every word of `query`, kept live. */
export function useConversationFiles(conversation: string, query: string) {
  const { api, state, epoch } = useBackend();
  const [files, setFiles] = useState<TransferSnapshot[]>();
  const [error, setError] = useState<string>();
  const [bump, setBump] = useState(0);
  const shown = useRef<TransferSnapshot[] | undefined>(undefined);
  useEffect(() => {
    shown.current = files;
  }, [files]);
  useEffect(
    () =>
      api.on('file.changed', (snapshot) => {
        if (snapshot.conversation !== conversation) return;
        // A new offer or a change of state refetches (the filter may now include or drop it); progress updates in place.
        const list = shown.current;
        const at = list?.findIndex((f) => f.offerId === snapshot.offerId && f.entry === snapshot.entry) ?? -1;
        if (!list || at < 0 || list[at]!.state !== snapshot.state) return setBump((n) => n + 1);
        setFiles((current) => current?.map((f) => (f.offerId === snapshot.offerId && f.entry === snapshot.entry ? snapshot : f)));
      }),
    [api, conversation],
  );
  useEffect(() => {
    if (state !== 'open') return;
    let current = true;
    api.call('files.list', { conversation, query: query.trim() || undefined }).then(
      (list) => {
        if (!current) return;
        setFiles(list);
        setError(undefined);
      },
      (caught: Error) => current && setError(caught.message),
    );
    return () => {
      current = false;
    };
  }, [api, state, epoch, conversation, query, bump]);
  return { files, error };
}
