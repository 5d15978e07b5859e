import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { installEd25519, nobleEd25519 } from '../../src/core/signatures';
import { nodeEd25519 } from '../../src/main/native-ed25519';
import type { Fault } from '../support/faulty-pipes';
import { Mesh, type MeshNode } from '../support/mesh';

type Who = 0 | 1 | 2;
type Op =
  | { kind: 'send'; from: Who; text: string }
  | { kind: 'react'; from: Who; emoji: string }
  | { kind: 'fault'; a: Who; b: Who; direction: 'ab' | 'ba'; fault: Fault }
  | { kind: 'deliver' }
  | { kind: 'partition'; a: Who; b: Who }
  | { kind: 'heal'; a: Who; b: Who }
  | { kind: 'restart'; who: Who };

const who = fc.constantFrom<Who>(0, 1, 2);
const pair = fc.tuple(who, who).filter(([a, b]) => a < b);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      from: who,
      text: fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim().length > 0),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('react' as const), from: who, emoji: fc.constantFrom('👍', '🎉') }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(pair, fc.constantFrom<'ab' | 'ba'>('ab', 'ba'), fc.constantFrom<Fault>('drop', 'duplicate', 'swap'))
      .map(([[a, b], direction, fault]) => ({ kind: 'fault' as const, a, b, direction, fault })),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'deliver' as const }) },
  { weight: 1, arbitrary: pair.map(([a, b]) => ({ kind: 'partition' as const, a, b })) },
  { weight: 1, arbitrary: pair.map(([a, b]) => ({ kind: 'heal' as const, a, b })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), who }) },
);

/**
 * Three members of a group, linked pairwise by links that lose, double and
 * swap frames, split by partitions, restarted from their database files.
 * Once everyone is linked again, all three hold the same history: every
 * message sent, exactly once, in the same order, and the same reactions.
 */
describe('group messaging converges', () => {
  beforeAll(() => installEd25519(nodeEd25519()));
  afterAll(() => installEd25519(nobleEd25519));

  it('under drops, duplicates, reorderings, partitions and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.option(who), async (ops, gone) => {
        const mesh = new Mesh(['A', 'B', 'C'], { pump: 'manual' });
        const nodes = mesh.nodes as [MeshNode, MeshNode, MeshNode];
        try {
          await mesh.fullyConnect();
          const group = nodes[0].messaging.groups.create('Prop', [nodes[1].id, nodes[2].id]).id;
          await mesh.settle();
          const sent: string[] = [];
          const reacted = new Set<string>();
          for (const op of ops) {
            const node = (i: Who) => nodes[i];
            if (op.kind === 'send') sent.push(node(op.from).messaging.send(group, op.text).id);
            else if (op.kind === 'react') {
              const target = node(op.from)
                .messaging.listMessages(group)
                .filter((m) => m.kind === 'text')
                .at(-1);
              if (target) {
                node(op.from).messaging.react(target.id, op.emoji, true);
                reacted.add(`${target.id}|${op.emoji}|${node(op.from).id}`);
              }
            } else if (op.kind === 'fault') mesh.link(node(op.a), node(op.b))?.inject(op.direction, op.fault);
            else if (op.kind === 'deliver') await mesh.settle();
            else if (op.kind === 'partition') mesh.disconnect(node(op.a), node(op.b));
            else if (op.kind === 'heal') await mesh.connect(node(op.a), node(op.b));
            else mesh.restart(node(op.who));
          }
          const history = (n: MeshNode) =>
            n.messaging
              .listMessages(group, { limit: 1000 })
              .filter((m) => m.kind === 'text')
              .map((m) => ({ id: m.id, text: m.text, reactions: m.reactions }));
          if (gone === null) {
            await mesh.fullyConnect();
            await mesh.settle();
            const [a, b, c] = nodes.map(history);
            expect(b).toEqual(a);
            expect(c).toEqual(a);
            expect(a!.map((m) => m.id).sort()).toEqual([...sent].sort());
            const reactions = a!.flatMap((m) => m.reactions.flatMap((r) => r.by.map((by) => `${m.id}|${r.emoji}|${by}`)));
            expect(new Set(reactions)).toEqual(reacted);
            for (const n of nodes) expect(n.store.held()).toEqual([]);
            for (const m of nodes[0].messaging.listMessages(group, { limit: 1000 }))
              if (m.outgoing && m.kind === 'text') expect(m.state).toBe('delivered');
          } else {
            // One member goes home for good. The other two must still end up with everything either
            // of them holds, including what only one got from the one who left: anti-entropy.
            mesh.isolate(nodes[gone]);
            const [x, y] = nodes.filter((_, i) => i !== gone) as [MeshNode, MeshNode];
            const held = new Set([x, y].flatMap((n) => history(n).map((m) => m.id)));
            await mesh.connect(x, y);
            await mesh.settle();
            expect(history(y)).toEqual(history(x));
            expect(new Set(history(x).map((m) => m.id))).toEqual(held);
            const theirs = sent.filter((id) => [x, y].some((n) => n.store.getMessage(id)?.outgoing));
            for (const id of theirs) expect(held.has(id)).toBe(true);
          }
        } finally {
          mesh.dispose();
        }
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
