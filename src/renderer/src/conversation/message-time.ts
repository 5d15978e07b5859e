const pad = (n: number) => String(n).padStart(2, '0');

/** HH:MM on the reader's clock, 24-hour, as chat apps show it beside a bubble. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The full moment, for a tooltip. */
export function fullTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
}

export function dayKey(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** "Today", "Yesterday", or the date, for the divider between days. */
export function dayLabel(ms: number, now = Date.now()): string {
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1); // calendar arithmetic, so a DST change cannot skip a day
  if (dayKey(ms) === dayKey(now)) return 'Today';
  if (dayKey(ms) === dayKey(yesterday.getTime())) return 'Yesterday';
  return new Date(ms).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * When, for a list that spans days and years, such as search results:
 * "14:03", "Yesterday 09:12", "3 Mar, 18:40", "3 Mar 2023, 18:40".
 */
export function momentLabel(ms: number, now = Date.now()): string {
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (dayKey(ms) === dayKey(now)) return clockTime(ms);
  if (dayKey(ms) === dayKey(yesterday.getTime())) return `Yesterday ${clockTime(ms)}`;
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  const day = new Date(ms).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${day}, ${clockTime(ms)}`;
}
