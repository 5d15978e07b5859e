import { useEffect, useState } from 'react';
import { takeJoinCode } from './join-link';

/**
 * The invite code a deep link brought in: at load (read once in main.tsx,
 * since StrictMode would run a state initializer twice) or later, as the
 * desktop shell may set the hash of a running window. `consume` forgets it
 * once the dialog has taken it.
 */
export function useJoinLink(atLoad: string | undefined): {
  code: string | undefined;
  /** A code from elsewhere, e.g. a lanline:// link the desktop shell caught. */
  offer: (code: string) => void;
  consume: () => void;
} {
  const [code, setCode] = useState(atLoad);

  useEffect(() => {
    const follow = () => {
      const fresh = takeJoinCode();
      if (fresh) setCode(fresh);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  return { code, offer: setCode, consume: () => setCode(undefined) };
}
