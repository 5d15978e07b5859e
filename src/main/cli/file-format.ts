import { shortPeerId } from '../../core/identity';
import type { TransferSnapshot } from '../../core/files/transfer-model';
import { formatBytes, percentDone, progressLine } from '../../core/files/transfer-words';
import type { FileAttachment } from '../../core/files/transfer-model';
import { table } from './table';

export function formatTransfers(list: TransferSnapshot[], names: Map<string, string>): string {
  if (list.length === 0) return 'No file transfers yet. Share one with `lanline send-file --to PEER PATH`.';
  return table([
    ['OFFER', 'FILE', 'SIZE', '', 'WITH', 'STATE'],
    ...list.map((t) => [
      t.offerId.slice(0, 10),
      t.path,
      formatBytes(t.size),
      t.direction === 'in' ? '←' : '→',
      names.get(t.conversation) ?? shortPeerId(t.conversation),
      `${percentDone(t.direction === 'in' ? t.bytesDone : t.state === 'done' ? t.size : 0, t.size)}%  ${progressLine(t)}${
        t.error ? `: ${t.error.message}` : ''
      }`,
    ]),
  ]);
}

/** How a message that shares files reads in `lanline messages`. */
export function describeAttachment(file: FileAttachment): string {
  const what = file.entries.length === 1 ? file.name : `${file.name} (${file.entries.length} files)`;
  const state = file.transfer ? `, ${progressLine({ ...file.transfer, size: file.size }).toLowerCase()}` : '';
  return `[file: ${what}, ${formatBytes(file.size)}${state}]`;
}
