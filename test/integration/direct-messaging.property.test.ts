import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { identityFromSecretKey, type Identity } from '../../src/core/identity';
import { silentLogger } from '../../src/core/platform';
import { installEd25519, nobleEd25519 } from '../../src/core/signatures';
import { nodeEd25519 } from '../../src/main/native-ed25519';
import { nodePlatform } from '../../src/main/platform';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { tempDir } from '../support/backends';
import { FaultyLink, type Fault } from '../support/faulty-pipes';

type Who = 'a' | 'b';
type Op =
  | { kind: 'send'; from: Who; text: string }
  | { kind: 'fault'; direction: 'ab' | 'ba'; fault: Fault }
  | { kind: 'deliver' }
  | { kind: 'restart'; who: Who }
  | { kind: 'relink' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      from: fc.constantFrom<Who>('a', 'b'),
      text: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => t.trim().length > 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      direction: fc.constantFrom<'ab' | 'ba'>('ab', 'ba'),
      fault: fc.constantFrom<Fault>('drop', 'duplicate', 'swap'),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'deliver' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), who: fc.constantFrom<Who>('a', 'b') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'relink' as const }) },
);

const platform = nodePlatform(silentLogger);
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A node whose engine and store can be torn down and brought back from the same file. */
class Node {
  store!: SqliteStore;
  engine!: Engine;
  constructor(
    readonly identity: Identity,
    private readonly path: string,
    private readonly name: string,
  ) {
    this.boot();
  }
  boot(): void {
    this.store = new SqliteStore(this.path);
    this.engine = new Engine({ identity: this.identity, platform, store: this.store, name: this.name, role: 'basic' });
  }
  restart(): void {
    this.engine.stop();
    this.store.close();
    this.boot();
  }
}

/**
 * Whatever happens to frames on the way (lost, doubled, swapped) and however
 * often either side restarts, once the two meet again both hold the same
 * history: every message sent, exactly once, in the same order, delivered.
 */
describe('direct messaging converges', () => {
  beforeAll(() => installEd25519(nodeEd25519()));
  afterAll(() => installEd25519(nobleEd25519));

  it('under random drops, duplicates, reorderings and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const dir = tempDir();
        const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
        const nodes = {
          a: new Node(identityFromSecretKey(random(32)), join(dir.path, 'a.db'), 'A'),
          b: new Node(identityFromSecretKey(random(32)), join(dir.path, 'b.db'), 'B'),
        };
        const other = (who: Who) => nodes[who === 'a' ? 'b' : 'a'];
        for (const who of ['a', 'b'] as const)
          nodes[who].engine.notePeerHint({
            peerId: other(who).identity.peerId,
            name: who === 'a' ? 'B' : 'A',
            role: 'basic',
            addresses: [],
            present: true,
          });
        let link = new FaultyLink();

        const settle = async () => {
          for (let round = 0; round < 50 && link.pending > 0; round++) {
            link.deliverQueued();
            await tick();
          }
        };
        const connect = async () => {
          link.close();
          link = new FaultyLink();
          const opened = Promise.all([
            nodes.a.engine.attach(link.a, nodes.b.identity.peerId),
            nodes.b.engine.attach(link.b, nodes.a.identity.peerId),
          ]);
          await settle();
          await opened;
        };

        const sent: string[] = [];
        try {
          await connect();
          for (const op of ops) {
            if (op.kind === 'send') sent.push(nodes[op.from].engine.messaging.send(other(op.from).identity.peerId, op.text).id);
            else if (op.kind === 'fault') link.inject(op.direction, op.fault);
            else if (op.kind === 'deliver') await settle();
            else if (op.kind === 'restart') {
              link.close();
              nodes[op.who].restart();
              await connect();
            } else await connect();
          }
          await connect();
          await settle();

          const history = (who: Who) => nodes[who].engine.messaging.listMessages(other(who).identity.peerId, { limit: 1000 });
          const [atA, atB] = [history('a'), history('b')];
          expect(atA.map((m) => [m.id, m.text])).toEqual(atB.map((m) => [m.id, m.text]));
          expect(new Set(atA.map((m) => m.id)).size).toBe(atA.length);
          expect(atA.map((m) => m.id).sort()).toEqual([...sent].sort());
          for (const m of [...atA, ...atB]) expect(m.state).toBe(m.outgoing ? 'delivered' : 'received');
        } finally {
          link.close();
          nodes.a.engine.stop();
          nodes.b.engine.stop();
          nodes.a.store.close();
          nodes.b.store.close();
          dir.remove();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
