import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { nobleFileCrypto } from '../../src/core/files/crypto';
import { leafHash, MerkleTree, proofLength, rootFromProof, verifyProof } from '../../src/core/files/merkle';
import { nodeFileCrypto } from '../../src/main/files/node-file-crypto';

// RFC 6962's reference inputs, as used by every Certificate Transparency implementation's tests.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  hexToBytes,
);
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// RFC 6962 audit paths for (0-based leaf, tree size).
const CT_PROOFS: Array<{ index: number; size: number; proof: string[] }> = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
];

describe.each([
  ['@noble', nobleFileCrypto],
  ['OpenSSL', nodeFileCrypto],
])('Merkle tree (RFC 6962) with %s SHA-256', (_name, crypto) => {
  const leaves = CT_LEAVES.map((data) => leafHash(crypto, data));

  it('gives the published root for every tree size from 1 to 8', () => {
    for (let n = 1; n <= 8; n++)
      expect(bytesToHex(MerkleTree.fromLeaves(crypto, leaves.slice(0, n)).root()!)).toBe(CT_ROOTS[n - 1]);
  });

  it('gives the published audit paths, and they verify', () => {
    for (const { index, size, proof } of CT_PROOFS) {
      const tree = MerkleTree.fromLeaves(crypto, leaves.slice(0, size));
      expect(tree.proof(index)!.map(bytesToHex)).toEqual(proof);
      expect(verifyProof(crypto, hexToBytes(CT_ROOTS[size - 1]!), size, index, leaves[index]!, proof.map(hexToBytes))).toBe(true);
    }
  });

  it('proves every leaf of every ragged tree up to 70 leaves, and a flipped bit anywhere fails', () => {
    for (let n = 1; n <= 70; n++) {
      const data = Array.from({ length: n }, (_, i) => Uint8Array.of(i, n));
      const tree = MerkleTree.fromLeaves(
        crypto,
        data.map((d) => leafHash(crypto, d)),
      );
      const root = tree.root()!;
      for (let i = 0; i < n; i++) {
        const proof = tree.proof(i)!;
        const leaf = leafHash(crypto, data[i]!);
        expect(proof.length).toBe(proofLength(n, i));
        expect(verifyProof(crypto, root, n, i, leaf, proof)).toBe(true);
        if (n > 1) expect(verifyProof(crypto, root, n, (i + 1) % n, leaf, proof)).toBe(false);
        if (proof.length) {
          const bent = proof.map((h) => new Uint8Array(h));
          bent[bent.length - 1]![0]! ^= 1;
          expect(verifyProof(crypto, root, n, i, leaf, bent)).toBe(false);
        }
        expect(rootFromProof(crypto, n, i, leaf, [...proof, root])).toBeUndefined();
      }
    }
  });

  it('a receiver that learns chunks one by one can prove exactly those to others', () => {
    const n = 13;
    const data = Array.from({ length: n }, (_, i) => Uint8Array.of(i));
    const full = MerkleTree.fromLeaves(
      crypto,
      data.map((d) => leafHash(crypto, d)),
    );
    const partial = new MerkleTree(n);
    expect(partial.proof(4)).toBeUndefined();
    // A path that does not prove the root teaches nothing: not its leaf, not one node of it.
    expect(partial.learn(crypto, full.root()!, 4, leafHash(crypto, Uint8Array.of(99)), full.proof(4)!)).toBe(false);
    expect(partial.bytes().every((b) => b === 0)).toBe(true);
    for (const i of [4, 11])
      expect(partial.learn(crypto, full.root()!, i, leafHash(crypto, data[i]!), full.proof(i)!)).toBe(true);
    expect(partial.root()).toEqual(full.root());
    expect(partial.proof(4)).toEqual(full.proof(4));
    expect(partial.proof(11)).toEqual(full.proof(11));
    // Its bytes round-trip, which is how a tree file is reloaded after a restart.
    expect(new MerkleTree(n, partial.bytes().slice()).proof(11)).toEqual(full.proof(11));
  });
});
