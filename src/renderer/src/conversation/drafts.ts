import { MESSAGE_TEXT_MAX } from '../../../core/model';

/** How long typing pauses before a draft is written to storage; a keystroke itself never touches it. */
const SAVE_DELAY_MS = 400;
/** Drafts beyond this many conversations are dropped, oldest first. */
const MAX_DRAFTS = 200;
const KEY = 'lanline.drafts';

/**
 * The half-written message of each conversation, so switching away and back
 * (or reloading) finds it as it was left. Reads are from memory; writes are
 * batched, so typing costs no storage work per key.
 */
export class DraftStore {
  private readonly drafts = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {
    try {
      const saved: unknown = JSON.parse(storage?.getItem(KEY) ?? '{}');
      if (saved && typeof saved === 'object') {
        for (const [conversation, text] of Object.entries(saved)) {
          if (typeof text === 'string' && text !== '') this.drafts.set(conversation, text.slice(0, MESSAGE_TEXT_MAX * 2));
        }
      }
    } catch {
      // A damaged value loses the drafts, not the app.
    }
  }

  get(conversation: string): string {
    return this.drafts.get(conversation) ?? '';
  }

  set(conversation: string, text: string): void {
    if ((this.drafts.get(conversation) ?? '') === text) return;
    // Re-inserted, so the map's order is "least recently edited first".
    this.drafts.delete(conversation);
    if (text !== '') this.drafts.set(conversation, text);
    while (this.drafts.size > MAX_DRAFTS) this.drafts.delete(this.drafts.keys().next().value!);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.storage?.setItem(KEY, JSON.stringify(Object.fromEntries(this.drafts)));
    } catch {
      // Over quota: the drafts still live in memory for this session.
    }
  }
}

let shared: DraftStore | undefined;
/** The page's one draft store; written out before the page goes away. */
export function draftStore(): DraftStore {
  if (!shared) {
    let storage: Storage | undefined;
    try {
      storage = window.localStorage;
    } catch {
      storage = undefined;
    }
    const drafts = new DraftStore(storage);
    window.addEventListener('pagehide', () => drafts.flush());
    shared = drafts;
  }
  return shared;
}
