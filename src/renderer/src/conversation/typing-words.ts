import { listNames } from '../people/name-list';

/**
 * The line above the composer: "Bob is typing…", "Bob and Cy are typing…",
 * "Bob, Cy and Dee are typing…", and past three "Several people are typing…"
 * (a line that names four people is read, not glanced at). Empty when nobody is.
 */
export function typingSentence(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length > 3) return 'Several people are typing…';
  return `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} typing…`;
}
