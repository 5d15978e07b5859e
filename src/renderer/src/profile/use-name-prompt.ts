import { useState } from 'react';
import { DEFAULT_DISPLAY_NAME, type Status } from '../../../core/model';

const DISMISSED_KEY = 'lanline.namePromptDismissed';

/**
 * Whether to show the first-run welcome: while the name is still the
 * default. Dismissing it is remembered for this tab, so a reload does not
 * nag; the name can be set in Settings any time.
 */
export function useNamePrompt(status: Status | undefined) {
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(DISMISSED_KEY) === '1');
  const showing = status?.name === DEFAULT_DISPLAY_NAME && !dismissed;
  return {
    showing,
    close: () => {
      if (!showing) return;
      sessionStorage.setItem(DISMISSED_KEY, '1');
      setDismissed(true);
    },
  };
}
