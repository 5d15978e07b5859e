const STORAGE_KEY = 'lanline.bridgeToken';

/**
 * Browser mode opens at `http://127.0.0.1:PORT/#token=TOKEN`. The token moves
 * into sessionStorage (per tab, gone when the tab closes) so a reload still
 * works, and out of the address bar so it is not shared by copying the URL.
 */
export function takeBridgeToken(): string | undefined {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    sessionStorage.setItem(STORAGE_KEY, fromHash);
    // Only the token leaves: a `join=` invite code in the same hash is read later (invite/join-link.ts).
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
    return fromHash;
  }
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}
