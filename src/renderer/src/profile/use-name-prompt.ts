import { useState } from 'react';
import { DEFAULT_DISPLAY_NAME, type Status } from '../../../core/model';

const DISMISSED_KEY = 'lanline.namePromptDismissed';

export type NamePrompt = 'first-run' | 'rename' | undefined;

/**
 * Opens the name dialog on first run, and when asked. Dismissing the
 * first-run prompt is remembered for this tab, so a reload does not nag.
 */
export function useNamePrompt(status: Status | undefined) {
  const [asked, setAsked] = useState(false);
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(DISMISSED_KEY) === '1');
  const firstRun = status?.name === DEFAULT_DISPLAY_NAME && !dismissed;
  const prompt: NamePrompt = asked ? 'rename' : firstRun ? 'first-run' : undefined;

  return {
    prompt,
    ask: () => setAsked(true),
    close: () => {
      setAsked(false);
      if (firstRun) {
        sessionStorage.setItem(DISMISSED_KEY, '1');
        setDismissed(true);
      }
    },
  };
}
