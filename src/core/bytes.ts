import { base32nopad, base64 } from '@scure/base';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = {
  encode: (text: string): Uint8Array => encoder.encode(text),
  /** Throws on invalid UTF-8, so a peer cannot smuggle replacement characters past a signature. */
  decode: (bytes: Uint8Array): string => decoder.decode(bytes),
};

/** Lower-case RFC 4648 base32 without padding: DNS-safe and case-insensitive, for ids. */
export const base32 = {
  encode: (bytes: Uint8Array): string => base32nopad.encode(bytes).toLowerCase(),
  decode: (text: string): Uint8Array => base32nopad.decode(text.toUpperCase()),
};

export const b64 = {
  encode: (bytes: Uint8Array): string => base64.encode(bytes),
  decode: (text: string): Uint8Array => base64.decode(text),
};

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
