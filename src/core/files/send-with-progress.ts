import type { CallInput, CallOutput } from '../api/contract';
import type { ApiClient } from '../api/rpc';

/**
 * `files.send` as a window or the CLI makes it: under `ticket`, hearing how
 * far reading and sealing the files is (`files.preparing`), and asking the
 * backend to stop (`files.sendCancel`) when `signal` aborts, so nothing is shared.
 */
export async function sendWithProgress(
  api: ApiClient,
  input: Omit<CallInput<'files.send'>, 'ticket'>,
  options: { ticket: string; onProgress(bytesDone: number, total: number): void; signal?: AbortSignal },
): Promise<CallOutput<'files.send'>> {
  const { ticket, onProgress, signal } = options;
  const off = api.on('files.preparing', (p) => {
    if (p.ticket === ticket) onProgress(p.bytesDone, p.total);
  });
  const cancel = () => void api.call('files.sendCancel', { ticket }).catch(() => {});
  signal?.addEventListener('abort', cancel);
  try {
    return await api.call('files.send', { ...input, ticket });
  } finally {
    off();
    signal?.removeEventListener('abort', cancel);
  }
}
