import { createContext, useContext, useEffect, useState } from 'react';
import { useBackend } from '../app/backend-context';
import { avatarUrl } from './avatar-images';

/**
 * Who has which profile picture (peer id → hash, ourselves included), so
 * every `Avatar` in the app finds the picture from the peer id it already
 * has, without each caller passing it along.
 */
export const AvatarBook = createContext<ReadonlyMap<string, string | null>>(new Map());

/** A failed fetch (the peer not linked yet) is tried again this often, a few times. */
const RETRY_MS = 15_000;
const RETRIES = 4;

export function useAvatarHash(peerId: string): string | null {
  return useContext(AvatarBook).get(peerId) ?? null;
}

/** The picture's blob: URL once loaded; undefined while there is none (the initials show). */
export function useAvatarUrl(hash: string | null): string | undefined {
  const { api, epoch } = useBackend();
  const [loaded, setLoaded] = useState<{ hash: string; url: string }>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!hash) return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    avatarUrl(api, hash).then(
      (url) => live && setLoaded({ hash, url }),
      () => {
        if (live && attempt < RETRIES) retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
      },
    );
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [api, hash, epoch, attempt]);
  return hash && loaded?.hash === hash ? loaded.url : undefined;
}
