/**
 * Numbers as a person reads them. Rates use decimal units (1 kB = 1000 B), as
 * network tools do; memory and disk use binary gigabytes, as operating systems show them.
 */

const GiB = 1024 ** 3;

/** One decimal below ten, whole numbers above: "0.8", "4.2", "37". */
function compact(value: number): string {
  return value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value).toString();
}

/** "0 B/s", "640 B/s", "1.2 kB/s", "3.4 MB/s". Below 1 kB/s but above 100 B/s it reads as "0.8 kB/s". */
export function formatRate(bytesPerSecond: number): string {
  const rate = Math.max(0, bytesPerSecond);
  if (rate < 100) return `${Math.round(rate)} B/s`;
  if (rate < 1e6) return `${compact(rate / 1e3)} kB/s`;
  if (rate < 1e9) return `${compact(rate / 1e6)} MB/s`;
  return `${compact(rate / 1e9)} GB/s`;
}

/** "4 ms", "0.4 ms", "120 ms", "1.5 s". */
export function formatMilliseconds(ms: number): string {
  if (ms < 1) return `${Math.max(0, ms).toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${compact(ms / 1000)} s`;
}

/** "7.6 GB", "512 MB". */
export function formatGigabytes(bytes: number): string {
  if (bytes < GiB) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${compact(bytes / GiB)} GB`;
}

/** "12 min", "5.2 h", "3 days 4 h". */
export function formatUptime(seconds: number): string {
  const hours = seconds / 3600;
  if (hours < 1) return `${Math.max(0, Math.round(seconds / 60))} min`;
  if (hours < 48) return `${compact(hours)} h`;
  const days = Math.floor(hours / 24);
  return `${days} days ${Math.round(hours - days * 24)} h`;
}
