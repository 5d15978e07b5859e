import { describe, expect, it } from 'vitest';
import { generateSecretKey, identityFromSecretKey } from '../../../src/core/identity';
import { encodeInvite, inviteUrl } from '../../../src/core/invite';
import { isGroupInvite } from '../../../src/renderer/src/invite/invite-kind';

const peerId = identityFromSecretKey(generateSecretKey((n) => new Uint8Array(n).fill(7))).peerId;
const addresses = ['198.18.0.1:7400', '198.18.0.2:7400', '198.18.1.1:7400', '198.18.2.1:7400'];
const person = encodeInvite(peerId, addresses);
const group = encodeInvite(peerId, addresses, { id: `g${'a'.repeat(26)}`, token: 'a'.repeat(25) + 'q' });

describe('telling a group’s invite from a person’s', () => {
  it('reads the version the backend reads, as typed, pasted or linked', () => {
    expect(group).toMatch(/^LL2-/);
    expect(isGroupInvite(group)).toBe(true);
    expect(isGroupInvite(person)).toBe(false);
    expect(isGroupInvite(`  ${group.toLowerCase()}  `)).toBe(true);
    expect(isGroupInvite(group.replaceAll('-', ' '))).toBe(true);
    expect(isGroupInvite(inviteUrl(group))).toBe(true);
    expect(isGroupInvite('LL9-ABCDE')).toBe(false);
  });
});
