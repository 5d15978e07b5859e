/**
 * Paths inside a shared folder, as a peer may send them. A receiver writes
 * files under its downloads folder at these paths, so anything that could
 * climb out (`..`, an absolute path, a drive letter), hide (NUL, control
 * characters) or fail on another OS (Windows' reserved names and characters)
 * is refused before a byte is requested. Separators are always '/'.
 */
export type PathProblem =
  | 'empty'
  | 'too-long'
  | 'absolute'
  | 'dot-segment'
  | 'empty-segment'
  | 'forbidden-character'
  | 'reserved-name'
  | 'trailing-dot-or-space';

export const MAX_PATH_CHARS = 1024;
export const MAX_SEGMENT_BYTES = 255;
export const MAX_PATH_DEPTH = 32;

// Control characters, and what Windows (and NTFS streams, via ':') refuse; '\' is its separator.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f<>:"|?*\\]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const encoder = new TextEncoder();

export function pathProblem(path: string): PathProblem | undefined {
  if (path.length === 0) return 'empty';
  if (path.length > MAX_PATH_CHARS) return 'too-long';
  if (path.startsWith('/')) return 'absolute';
  const segments = path.split('/');
  if (segments.length > MAX_PATH_DEPTH) return 'too-long';
  for (const segment of segments) {
    if (segment === '') return 'empty-segment';
    if (segment === '.' || segment === '..') return 'dot-segment';
    if (FORBIDDEN.test(segment)) return 'forbidden-character';
    if (encoder.encode(segment).length > MAX_SEGMENT_BYTES) return 'too-long';
    if (RESERVED.test(segment)) return 'reserved-name';
    if (/[. ]$/.test(segment)) return 'trailing-dot-or-space';
  }
  return undefined;
}

/**
 * How two paths compare on a case-insensitive, normalising file system
 * (macOS, Windows): two entries that collide there must not both be offered.
 */
export function pathKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
