import type { TransferState } from './transfer-model';

/**
 * Sizes, speeds and times left as the file card and `lanline send-file`
 * both print them. Decimal units (1 MB = 1,000,000 bytes), as file managers
 * on most systems and network tools show them.
 */
function compact(value: number): string {
  return value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value).toString();
}

/** "0 B", "812 B", "4.2 kB", "37 MB", "1.1 GB". */
export function formatBytes(bytes: number): string {
  const b = Math.max(0, bytes);
  if (b < 1000) return `${Math.round(b)} B`;
  if (b < 1e6) return `${compact(b / 1e3)} kB`;
  if (b < 1e9) return `${compact(b / 1e6)} MB`;
  if (b < 1e12) return `${compact(b / 1e9)} GB`;
  return `${compact(b / 1e12)} TB`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "less than a second", "12 s", "3 min", "1 h 5 min". */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 1) return 'less than a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const hours = Math.floor(seconds / 3600);
  return `${hours} h ${Math.round((seconds - hours * 3600) / 60)} min`;
}

/** Whole per cent, never 100 before it is done. */
export function percentDone(bytesDone: number, size: number): number {
  if (size <= 0) return bytesDone > 0 ? 100 : 0;
  const p = Math.floor((Math.min(bytesDone, size) / size) * 100);
  return bytesDone < size ? Math.min(p, 99) : 100;
}

export const STATE_WORDS: Record<TransferState, { in: string; out: string }> = {
  offered: { in: 'Waiting for you to accept', out: 'Waiting for them to accept' },
  queued: { in: 'Queued', out: 'Queued' },
  active: { in: 'Receiving', out: 'Sending' },
  waiting: { in: 'Waiting for someone who has it to come online', out: 'Waiting' },
  paused: { in: 'Paused', out: 'Paused' },
  done: { in: 'Received', out: 'Delivered' },
  failed: { in: 'Stopped', out: 'Stopped' },
  cancelled: { in: 'Cancelled', out: 'Cancelled' },
};

/** "12 MB of 48 MB · 31 MB/s · 1 s left" while it moves; the state's words otherwise. */
export function progressLine(t: {
  state: TransferState;
  direction: 'in' | 'out';
  bytesDone: number;
  size: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}): string {
  const words = STATE_WORDS[t.state][t.direction];
  if (t.state !== 'active') return words;
  const parts = [`${formatBytes(Math.min(t.bytesDone, t.size))} of ${formatBytes(t.size)}`];
  if (t.bytesPerSecond) parts.push(formatSpeed(t.bytesPerSecond));
  if (t.secondsLeft !== null) parts.push(`${formatTimeLeft(t.secondsLeft)} left`);
  return parts.join(' · ');
}
