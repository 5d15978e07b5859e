import { sha256 } from '@noble/hashes/sha2.js';
import { base32, concatBytes } from './bytes';
import { LanlineError } from './errors';
import { publicKeyFromPeerId, type PeerId } from './identity';
import type { GroupId } from './model';

/**
 * An invite code: where to find the inviter and a commitment to their key,
 * so joining needs no trust in the network in between. Binary layout:
 *
 *   version (1) | sha256(public key)[0..16] | [group id (16) | secret (16)] | n × (IPv4 (4) | port (2)) | sha256(all before)[0..2]
 *
 * shown as base32 in groups: `LL1-ABCDE-FGHIJ-…`. Version 1 invites to a
 * person; version 2 also carries a group and the secret that lets its holder
 * ask the inviter to add them. The trailing checksum turns a typo into a
 * clear "this code is mistyped" instead of a failed dial.
 */
export const INVITE_VERSION = 1;
export const GROUP_INVITE_VERSION = 2;
const COMMITMENT_BYTES = 16;
const GROUP_BYTES = 32;
const CHECKSUM_BYTES = 2;
const MAX_ADDRESSES = 4;
export const INVITE_URL_PREFIX = 'lanline://join/';

export interface InviteContents {
  commitment: Uint8Array;
  addresses: string[];
  group?: GroupInvite;
}

export interface GroupInvite {
  id: GroupId;
  token: string;
}

export function keyCommitment(peerId: PeerId): Uint8Array {
  return sha256(publicKeyFromPeerId(peerId)).slice(0, COMMITMENT_BYTES);
}

export function matchesCommitment(peerId: PeerId, commitment: Uint8Array): boolean {
  const actual = keyCommitment(peerId);
  return actual.length === commitment.length && actual.every((b, i) => b === commitment[i]);
}

function encodeAddress(address: string): Uint8Array {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}):(\d{1,5})$/.exec(address);
  if (!match) throw new LanlineError('invalid-input', `invites carry IPv4 addresses only: ${address}`);
  const [a, b, c, d, port] = match.slice(1).map(Number) as [number, number, number, number, number];
  if ([a, b, c, d].some((x) => x > 255) || port > 65535) throw new LanlineError('invalid-input', `not an address: ${address}`);
  return new Uint8Array([a, b, c, d, port >> 8, port & 0xff]);
}

export function encodeInvite(peerId: PeerId, addresses: string[], group?: GroupInvite): string {
  const usable = addresses.slice(0, MAX_ADDRESSES);
  if (usable.length === 0) throw new LanlineError('invalid-input', 'This computer has no network address to put in an invite.');
  const version = group ? GROUP_INVITE_VERSION : INVITE_VERSION;
  const groupBytes = group ? [base32.decode(group.id.slice(1)), base32.decode(group.token)] : [];
  const body = concatBytes(new Uint8Array([version]), keyCommitment(peerId), ...groupBytes, ...usable.map(encodeAddress));
  const text = base32.encode(concatBytes(body, sha256(body).slice(0, CHECKSUM_BYTES))).toUpperCase();
  return `LL${version}-${text.match(/.{1,5}/g)!.join('-')}`;
}

export function inviteUrl(code: string): string {
  return `${INVITE_URL_PREFIX}${code}`;
}

export function decodeInvite(input: string): InviteContents {
  const mistyped = new LanlineError('invalid-input', 'This invite code is mistyped or incomplete. Check it and try again.');
  let text = input.trim();
  if (text.toLowerCase().startsWith(INVITE_URL_PREFIX)) text = text.slice(INVITE_URL_PREFIX.length);
  text = text.replace(/[\s-]/g, '').toUpperCase();
  const version = Number(text[2]);
  if (!text.startsWith('LL') || (version !== INVITE_VERSION && version !== GROUP_INVITE_VERSION)) {
    if (/^LL\d/.test(text))
      throw new LanlineError('unsupported-version', 'This invite was made by a newer Lanline. Update to join.');
    throw mistyped;
  }
  let bytes: Uint8Array;
  try {
    bytes = base32.decode(text.slice(3).toLowerCase());
  } catch {
    throw mistyped;
  }
  const body = bytes.slice(0, -CHECKSUM_BYTES);
  const checksum = bytes.slice(-CHECKSUM_BYTES);
  const expected = sha256(body).slice(0, CHECKSUM_BYTES);
  const head = 1 + COMMITMENT_BYTES + (version === GROUP_INVITE_VERSION ? GROUP_BYTES : 0);
  const addressBytes = body.length - head;
  if (addressBytes < 6 || addressBytes % 6 !== 0 || body[0] !== version) throw mistyped;
  if (!checksum.every((b, i) => b === expected[i])) throw mistyped;
  const addresses: string[] = [];
  for (let at = head; at < body.length; at += 6) {
    const [a, b, c, d, hi, lo] = body.slice(at, at + 6) as unknown as [number, number, number, number, number, number];
    addresses.push(`${a}.${b}.${c}.${d}:${(hi << 8) | lo}`);
  }
  const commitment = body.slice(1, 1 + COMMITMENT_BYTES);
  if (version !== GROUP_INVITE_VERSION) return { commitment, addresses };
  const at = 1 + COMMITMENT_BYTES;
  const group = { id: `g${base32.encode(body.slice(at, at + 16))}`, token: base32.encode(body.slice(at + 16, at + 32)) };
  return { commitment, addresses, group };
}
