import type { ApiClient } from '../../../core/api/rpc';
import type { Message, Status } from '../../../core/model';

/** The contract's largest page; the export asks for as few pages as it can. */
const EXPORT_PAGE = 1000;

export interface HistoryExport {
  format: 'lanline-history';
  version: 1;
  exportedAt: string;
  self: { peerId: string; name: string };
  conversations: Array<{ conversation: string; name: string; messages: Message[] }>;
}

/**
 * Every conversation's whole history, read page by page through the same
 * `messages.list` the conversation view uses, so the export needs nothing
 * the contract does not already offer. `onProgress` hears the share done (0–1).
 */
export async function collectHistory(
  api: ApiClient,
  self: Status,
  /** A conversation's name: the person's, or the group's. */
  titleOf: (conversation: string) => string,
  onProgress: (done: number) => void,
  signal?: AbortSignal,
): Promise<HistoryExport> {
  const summaries = await api.call('conversations.list', {});
  const conversations: HistoryExport['conversations'] = [];
  for (const [index, { conversation }] of summaries.entries()) {
    const pages: Message[][] = [];
    let before: { sentAt: number; id: string } | undefined;
    for (;;) {
      if (signal?.aborted) throw new DOMException('The export was cancelled.', 'AbortError');
      const page = await api.call('messages.list', { with: conversation, limit: EXPORT_PAGE, ...(before && { before }) });
      pages.unshift(page);
      const oldest = page[0];
      if (page.length < EXPORT_PAGE || !oldest) break;
      before = { sentAt: oldest.sentAt, id: oldest.id };
      // Within a conversation the total is unknown; move the bar a little per page so it never looks stuck.
      onProgress((index + 1 - 1 / (pages.length + 1)) / summaries.length);
    }
    const name = titleOf(conversation);
    conversations.push({ conversation, name, messages: pages.flat() });
    onProgress((index + 1) / summaries.length);
  }
  return {
    format: 'lanline-history',
    version: 1,
    exportedAt: new Date().toISOString(),
    self: { peerId: self.peerId, name: self.name },
    conversations,
  };
}

/** Hands the export to the browser (or Electron) as a file download. */
export function downloadJson(data: unknown, fileName: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has its own copy once started; give it a moment before letting go of the URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
