import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

const isVisible = () => document.visibilityState === 'visible';

/** Whether the person can see this window; a message in a hidden window has not been read. */
export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribe, isVisible);
}
