import type { FileCrypto } from './crypto';

/**
 * The Merkle tree of RFC 6962 §2.1 (Certificate Transparency), over SHA-256:
 * a leaf is SHA-256(0x00 ‖ data), an interior node SHA-256(0x01 ‖ left ‖ right),
 * and a tree of n leaves splits at the largest power of two below n. The
 * distinct prefixes keep a leaf from ever passing for a node (the second-
 * preimage trick against plain Merkle trees). The audit path of a leaf is
 * RFC 9162 §2.1.3's: siblings from the bottom up.
 *
 * Nodes are addressed by (level, index): node (h, i) covers leaves
 * [i·2^h, min((i+1)·2^h, n)). When the right half of that span is empty the
 * node equals its left child, which is exactly how RFC 6962's split treats
 * the ragged right edge, so every level is a flat array.
 */
export const HASH_BYTES = 32;
const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

export function leafHash(crypto: FileCrypto, data: Uint8Array): Uint8Array {
  return crypto.sha256(LEAF_PREFIX, data);
}

export function nodeHash(crypto: FileCrypto, left: Uint8Array, right: Uint8Array): Uint8Array {
  return crypto.sha256(NODE_PREFIX, left, right);
}

/** Levels above the leaves: 0 for one leaf, ⌈log₂ n⌉ otherwise. */
export function treeHeight(leafCount: number): number {
  return leafCount <= 1 ? 0 : 32 - Math.clz32(leafCount - 1);
}

/** Whether node (level, index) covers at least one leaf. */
function exists(leafCount: number, level: number, index: number): boolean {
  return index * 2 ** level < leafCount;
}

/** How many siblings the audit path of leaf `index` has. */
export function proofLength(leafCount: number, index: number): number {
  let length = 0;
  for (let level = 0; level < treeHeight(leafCount); level++) if (exists(leafCount, level, (index >>> level) ^ 1)) length++;
  return length;
}

/**
 * Folds an audit path into the root it implies, or undefined when the path
 * has the wrong length for this leaf in a tree of this size. `visit` sees
 * every node the fold passes, siblings and ancestors, as (level, index, hash).
 */
export function rootFromProof(
  crypto: FileCrypto,
  leafCount: number,
  index: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  visit?: (level: number, index: number, hash: Uint8Array) => void,
): Uint8Array | undefined {
  if (index < 0 || index >= leafCount || proof.length !== proofLength(leafCount, index)) return undefined;
  let hash = leaf;
  let used = 0;
  for (let level = 0; level < treeHeight(leafCount); level++) {
    const position = index >>> level;
    if (exists(leafCount, level, position ^ 1)) {
      const sibling = proof[used++]!;
      visit?.(level, position ^ 1, sibling);
      hash = position & 1 ? nodeHash(crypto, sibling, hash) : nodeHash(crypto, hash, sibling);
    }
    visit?.(level + 1, position >>> 1, hash);
  }
  return hash;
}

export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function verifyProof(
  crypto: FileCrypto,
  root: Uint8Array,
  leafCount: number,
  index: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  const implied = rootFromProof(crypto, leafCount, index, leaf, proof);
  return implied !== undefined && equalHashes(implied, root);
}

const isUnknown = (level: Uint8Array, offset: number) => {
  for (let i = offset; i < offset + HASH_BYTES; i++) if (level[i] !== 0) return false;
  return true;
};

/**
 * A tree that may be partly known. A sender builds it whole from its leaves;
 * a receiver learns the path of every chunk it verifies, which is exactly what
 * it needs to serve that chunk to someone else with a proof. An all-zero slot
 * means "not known" (SHA-256 yields it with probability 2⁻²⁵⁶). About 64 bytes
 * per chunk: 1 MiB for a 4 GiB file.
 */
export class MerkleTree {
  private readonly levels: Uint8Array[];
  /** Per level, the node span written since `takeDirty`, so a tree file is updated in place. */
  private readonly dirty: Array<[number, number] | undefined>;

  constructor(
    readonly leafCount: number,
    bytes?: Uint8Array,
  ) {
    if (!Number.isInteger(leafCount) || leafCount < 1) throw new RangeError('a tree needs at least one leaf');
    const sizes = [];
    for (let level = 0; level <= treeHeight(leafCount); level++) sizes.push(Math.ceil(leafCount / 2 ** level));
    const total = sizes.reduce((a, b) => a + b, 0) * HASH_BYTES;
    if (bytes && bytes.length !== total) throw new RangeError(`tree of ${leafCount} leaves needs ${total} bytes`);
    const backing = bytes ?? new Uint8Array(total);
    let offset = 0;
    this.levels = sizes.map((size) => {
      const level = backing.subarray(offset, offset + size * HASH_BYTES);
      offset += size * HASH_BYTES;
      return level;
    });
    this.dirty = this.levels.map(() => undefined);
  }

  /** Byte regions of `bytes()` changed since the last call. */
  takeDirty(): Array<{ offset: number; bytes: Uint8Array }> {
    const regions: Array<{ offset: number; bytes: Uint8Array }> = [];
    let base = 0;
    this.levels.forEach((level, i) => {
      const span = this.dirty[i];
      if (span)
        regions.push({ offset: base + span[0] * HASH_BYTES, bytes: level.subarray(span[0] * HASH_BYTES, span[1] * HASH_BYTES) });
      this.dirty[i] = undefined;
      base += level.length;
    });
    return regions;
  }

  /** All levels, leaves first: what a tree file holds. */
  bytes(): Uint8Array {
    const first = this.levels[0]!;
    return new Uint8Array(
      first.buffer,
      first.byteOffset,
      this.levels.reduce((n, l) => n + l.length, 0),
    );
  }

  static fromLeaves(crypto: FileCrypto, leaves: readonly Uint8Array[]): MerkleTree {
    const tree = new MerkleTree(leaves.length);
    leaves.forEach((leaf, i) => tree.set(0, i, leaf));
    tree.computeParents(crypto);
    return tree;
  }

  get height(): number {
    return this.levels.length - 1;
  }

  root(): Uint8Array | undefined {
    return this.node(this.height, 0);
  }

  node(level: number, index: number): Uint8Array | undefined {
    const nodes = this.levels[level];
    const offset = index * HASH_BYTES;
    if (!nodes || offset < 0 || offset >= nodes.length || isUnknown(nodes, offset)) return undefined;
    return nodes.subarray(offset, offset + HASH_BYTES);
  }

  set(level: number, index: number, hash: Uint8Array): void {
    if (hash.length !== HASH_BYTES) throw new RangeError('a node is 32 bytes');
    this.levels[level]!.set(hash, index * HASH_BYTES);
    const span = this.dirty[level];
    this.dirty[level] = span ? [Math.min(span[0], index), Math.max(span[1], index + 1)] : [index, index + 1];
  }

  /** Fills every interior node from the leaves; all leaves must be known. */
  computeParents(crypto: FileCrypto): void {
    for (let level = 1; level <= this.height; level++) {
      const size = this.levels[level]!.length / HASH_BYTES;
      for (let i = 0; i < size; i++) {
        const left = this.node(level - 1, 2 * i);
        if (!left) throw new Error(`node (${level - 1}, ${2 * i}) is unknown`);
        const right = exists(this.leafCount, level - 1, 2 * i + 1) ? this.node(level - 1, 2 * i + 1) : undefined;
        if (exists(this.leafCount, level - 1, 2 * i + 1) && !right)
          throw new Error(`node (${level - 1}, ${2 * i + 1}) is unknown`);
        this.set(level, i, right ? nodeHash(crypto, left, right) : left);
      }
    }
  }

  /** Whether every leaf is known and the root they imply is `root`: the last check before a download is renamed into place. */
  leavesProve(crypto: FileCrypto, root: Uint8Array): boolean {
    const check = new MerkleTree(this.leafCount);
    for (let i = 0; i < this.leafCount; i++) {
      const leaf = this.node(0, i);
      if (!leaf) return false;
      check.set(0, i, leaf);
    }
    check.computeParents(crypto);
    return equalHashes(check.root()!, root);
  }

  /** The audit path of leaf `index`, or undefined while part of it is unknown. */
  proof(index: number): Uint8Array[] | undefined {
    const proof: Uint8Array[] = [];
    for (let level = 0; level < this.height; level++) {
      const sibling = (index >>> level) ^ 1;
      if (!exists(this.leafCount, level, sibling)) continue;
      const hash = this.node(level, sibling);
      if (!hash) return undefined;
      proof.push(hash);
    }
    return proof;
  }

  /**
   * Records leaf `index` and every node on its path if its audit path proves
   * `root`, so this node can later prove the same chunk to others; false, with
   * nothing recorded, if it does not. One pass: the hashes checked are the
   * hashes kept.
   */
  learn(crypto: FileCrypto, root: Uint8Array, index: number, leaf: Uint8Array, proof: readonly Uint8Array[]): boolean {
    const path: Array<[number, number, Uint8Array]> = [[0, index, leaf]];
    const implied = rootFromProof(crypto, this.leafCount, index, leaf, proof, (level, at, hash) => path.push([level, at, hash]));
    if (!implied || !equalHashes(implied, root)) return false;
    for (const [level, at, hash] of path) this.set(level, at, hash);
    return true;
  }
}
