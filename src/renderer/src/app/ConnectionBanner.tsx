import { MISSING_TOKEN_TEXT } from '../backend/connect-to-backend';
import { useBackend } from './backend-context';

/** After this many failed retries the backend has probably restarted with a new token. */
const SUGGEST_NEW_LINK_AFTER = 3;

export function ConnectionBanner() {
  const { state, failedAttempts, missingToken } = useBackend();
  if (missingToken) {
    return (
      <div className="connection-banner" role="alert" data-testid="connection-banner">
        {MISSING_TOKEN_TEXT}
      </div>
    );
  }
  if (state !== 'down') return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      Disconnected from the Lanline backend — retrying…
      {failedAttempts >= SUGGEST_NEW_LINK_AFTER && (
        <span className="banner-hint"> If Lanline was restarted, open the new link it printed.</span>
      )}
    </div>
  );
}
