/**
 * Names as a sentence lists them: "Bob", "Bob and Cy", "Bob, Cy and Dee",
 * and past `max` names "Bob, Cy and 3 others", so a long list stays one line.
 */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const shown = names.slice(0, max - 1);
  const rest = names.length - shown.length;
  return `${shown.join(', ')} and ${rest} others`;
}
