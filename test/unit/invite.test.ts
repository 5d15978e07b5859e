import { describe, expect, it } from 'vitest';
import { decodeInvite, encodeInvite, inviteUrl, matchesCommitment } from '../../src/core/invite';
import { identityFromSecretKey } from '../../src/core/identity';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const ada = identityFromSecretKey(random(32));
const eve = identityFromSecretKey(random(32));

describe('invite codes', () => {
  it('carry the inviter’s addresses and a commitment only the inviter’s key matches', () => {
    const code = encodeInvite(ada.peerId, ['198.18.1.11:7400', '198.18.2.11:7400']);
    expect(code).toMatch(/^LL1(-[A-Z2-7]{1,5})+$/);
    const invite = decodeInvite(code);
    expect(invite.addresses).toEqual(['198.18.1.11:7400', '198.18.2.11:7400']);
    expect(matchesCommitment(ada.peerId, invite.commitment)).toBe(true);
    expect(matchesCommitment(eve.peerId, invite.commitment)).toBe(false);
  });

  it('survive being pasted as a link, in lower case or without dashes', () => {
    const code = encodeInvite(ada.peerId, ['198.18.1.11:7400']);
    expect(decodeInvite(inviteUrl(code)).addresses).toEqual(['198.18.1.11:7400']);
    expect(decodeInvite(code.toLowerCase().replaceAll('-', ' ')).addresses).toEqual(['198.18.1.11:7400']);
  });

  it('turn a typo into a clear message', () => {
    const code = encodeInvite(ada.peerId, ['198.18.1.11:7400']);
    const typo = code.slice(0, 8) + (code[8] === 'A' ? 'B' : 'A') + code.slice(9);
    expect(() => decodeInvite(typo)).toThrow(/mistyped/);
    expect(() => decodeInvite('hello')).toThrow(/mistyped/);
    expect(() => decodeInvite(code.slice(0, -4))).toThrow(/mistyped/);
    expect(() => decodeInvite('LL9-AAAAA')).toThrow(/newer Lanline/);
  });

  it('refuse to be made without an address', () => {
    expect(() => encodeInvite(ada.peerId, [])).toThrow(/no network address/);
  });
});
