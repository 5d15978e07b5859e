import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/model';
import { waitFor } from '../support/backends';
import { Mesh, type MeshNode } from '../support/mesh';

/**
 * Groups between real engines on real SQLite files, joined by in-memory
 * links: creation, membership changes and their epochs, receipts, edits,
 * deletes and reactions, as each member sees them.
 */
describe('groups', () => {
  let mesh: Mesh;
  afterEach(() => mesh?.dispose());

  const texts = (node: MeshNode, group: string) =>
    node.messaging
      .listMessages(group)
      .filter((m) => m.kind === 'text')
      .map((m) => m.text);
  const events = (node: MeshNode, group: string) =>
    node.messaging
      .listMessages(group)
      .filter((m) => m.kind === 'event')
      .map((m) => `${m.event!.op}${m.event!.applied ? '' : ' (refused)'}`);

  async function team(names = ['Ada', 'Bob', 'Cy']) {
    mesh = new Mesh(names);
    await mesh.fullyConnect();
    const [ada, ...others] = mesh.nodes as [MeshNode, ...MeshNode[]];
    const group = ada.messaging.groups.create(
      'Lunch crew',
      others.map((n) => n.id),
    );
    for (const node of others) await waitFor(`${node.name} in the group`, () => node.messaging.groups.list()[0]?.isMember);
    return { ada, others, group: group.id };
  }

  it('everyone sees the group, its members and every message, with receipts', async () => {
    const { ada, others, group } = await team();
    const [bob, cy] = others as [MeshNode, MeshNode];
    expect(bob.messaging.groups.get(group)).toMatchObject({
      name: 'Lunch crew',
      isMember: true,
      isAdmin: false,
      members: [
        { peerId: ada.id, name: 'Ada', admin: true },
        { peerId: bob.id, name: 'Bob', admin: false },
        { peerId: cy.id, name: 'Cy', admin: false },
      ],
    });
    const sent = ada.messaging.send(group, 'Pizza or sushi?');
    bob.messaging.send(group, 'Sushi!');
    for (const node of [ada, bob, cy]) await waitFor(`${node.name} has both`, () => texts(node, group).length === 2);
    // Display order is the same everywhere.
    expect(texts(cy, group)).toEqual(texts(ada, group));
    expect(texts(bob, group)).toEqual(texts(ada, group));
    await waitFor(
      'delivered to both',
      () => ada.messaging.listMessages(group).find((m) => m.id === sent.id)?.state === 'delivered',
    );
    cy.messaging.markRead(group);
    await waitFor('read by Cy', () => ada.messaging.listMessages(group).find((m) => m.id === sent.id)?.receipts?.read === 1);
    expect(ada.messaging.listMessages(group).find((m) => m.id === sent.id)?.receipts).toEqual({ delivered: 2, read: 1, of: 2 });
    expect(events(cy, group)).toEqual(['create']);
    const summary = cy.messaging.conversations().find((c) => c.conversation === group);
    expect(summary).toMatchObject({ kind: 'group', title: 'Lunch crew', waiting: 0 });
  });

  it('a member added later reads from then on, not before; a removed one reads nothing new', async () => {
    mesh = new Mesh(['Ada', 'Bob', 'Cy', 'Dan']);
    const [ada, bob, cy, dan] = mesh.nodes as [MeshNode, MeshNode, MeshNode, MeshNode];
    for (const other of [bob, cy, dan]) await mesh.connect(ada, other);
    await mesh.connect(bob, cy);
    const { id: group } = ada.messaging.groups.create('Project', [bob.id, cy.id]);
    await waitFor('Bob in', () => bob.messaging.groups.list()[0]?.isMember);
    ada.messaging.send(group, 'before Dan');
    await waitFor('Bob has it', () => texts(bob, group).includes('before Dan'));

    ada.messaging.groups.add(group, dan.id);
    await waitFor('Dan in', () => dan.messaging.groups.list()[0]?.isMember);
    bob.messaging.send(group, 'welcome Dan');
    // Bob has no link to Dan: it reaches him through Ada.
    await waitFor('Dan has Bob’s welcome', () => texts(dan, group).includes('welcome Dan'));
    expect(texts(dan, group)).toEqual(['welcome Dan']);
    expect(events(dan, group)).toEqual(['add']);
    expect(dan.messaging.groups.get(group).members.map((m) => m.name)).toEqual(['Ada', 'Bob', 'Cy', 'Dan']);

    ada.messaging.groups.remove(group, cy.id);
    await waitFor('Cy knows she is out', () => cy.messaging.groups.get(group).isMember === false);
    await waitFor('Bob sees Cy removed', () => events(bob, group).includes('remove'));
    ada.messaging.send(group, 'after Cy');
    await waitFor('Dan has it', () => texts(dan, group).includes('after Cy'));
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(cy, group)).not.toContain('after Cy');
    expect(() => cy.messaging.send(group, 'still here?')).toThrow(/no longer a member/);
  });

  it('after someone leaves, the next message starts a new key they do not get', async () => {
    const { ada, others, group } = await team();
    const [bob, cy] = others as [MeshNode, MeshNode];
    bob.messaging.groups.leave(group);
    await waitFor('Ada sees Bob leave', () => ada.messaging.groups.get(group).members.length === 2);
    expect(bob.messaging.groups.get(group).isMember).toBe(false);
    ada.messaging.send(group, 'just us now');
    await waitFor('Cy has it', () => texts(cy, group).includes('just us now'));
    expect(events(cy, group)).toEqual(['create', 'leave', 'rekey']);
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(bob, group)).not.toContain('just us now');
  });

  it('refuses what the rules forbid, in the same way for every member', async () => {
    const { ada, others, group } = await team();
    const [bob] = others as [MeshNode];
    expect(() => bob.messaging.groups.remove(group, ada.id)).toThrow(/Only an admin/);
    expect(() => bob.messaging.groups.add(group, ada.id)).toThrow(/already a member/);
    expect(() => ada.messaging.groups.create('', [])).toThrow();
    expect(() => ada.messaging.send('g' + 'a'.repeat(26), 'hello?')).toThrow(/No group/);
  });

  it('edits, deletes and reactions reach everyone; only authors edit or delete', async () => {
    const { ada, others, group } = await team();
    const [bob, cy] = others as [MeshNode, MeshNode];
    // What the UI hears: only messages the conversation shows, never the edit, delete and reaction envelopes themselves.
    const announced = new Map<MeshNode, Message[]>();
    for (const node of [ada, bob, cy]) {
      announced.set(node, []);
      node.messaging.onDidChangeMessage.on((m) => announced.get(node)!.push(m));
    }
    const sent = ada.messaging.send(group, 'Meet at 12');
    await waitFor('Cy has it', () => texts(cy, group).includes('Meet at 12'));
    ada.messaging.edit(sent.id, 'Meet at 12:30');
    bob.messaging.react(sent.id, '👍', true);
    cy.messaging.react(sent.id, '👍', true);
    cy.messaging.react(sent.id, '🍕', true);
    cy.messaging.react(sent.id, '🍕', false);
    const seen = (node: MeshNode): Message | undefined => node.messaging.listMessages(group).find((m) => m.id === sent.id);
    for (const node of [ada, bob, cy])
      await waitFor(`${node.name} sees the edit and reactions`, () => {
        const m = seen(node);
        return m?.text === 'Meet at 12:30' && m.reactions.length === 1 && m.reactions[0]!.by.length === 2;
      });
    expect(seen(bob)!.editedAt).not.toBeNull();
    expect(seen(bob)!.reactions).toEqual([{ emoji: '👍', by: [bob.id, cy.id] }]);
    expect(() => bob.messaging.edit(sent.id, 'hijacked')).toThrow(/only edit your own/);
    expect(() => bob.messaging.delete(sent.id)).toThrow(/only delete your own/);

    ada.messaging.delete(sent.id);
    for (const node of [bob, cy]) await waitFor(`${node.name} sees it deleted`, () => seen(node)?.deleted);
    expect(seen(cy)!.text).toBe('');
    expect(cy.messaging.searchMessages('Meet')).toEqual([]);
    for (const [node, messages] of announced) {
      const shown = new Set(node.messaging.listMessages(group).map((m) => m.id));
      expect(
        messages.filter((m) => !shown.has(m.id)),
        `${node.name} announced a message the conversation does not show`,
      ).toEqual([]);
      expect(messages.some((m) => m.id === sent.id)).toBe(true);
    }
  });

  it('a one-to-one message to someone with no link goes through a peer who can reach them', async () => {
    mesh = new Mesh(['Ada', 'Bob', 'Cy']);
    const [ada, bob, cy] = mesh.nodes as [MeshNode, MeshNode, MeshNode];
    await mesh.connect(ada, bob);
    await mesh.connect(bob, cy);
    // Ada knows Cy only from Bob's gossip.
    await waitFor('Ada has heard of Cy', () => ada.engine.getPeer(cy.id));
    const sent = ada.messaging.send(cy.id, 'Hi Cy, via Bob');
    await waitFor('Cy has it', () => cy.messaging.listMessages(ada.id)[0]?.text === 'Hi Cy, via Bob');
    // Cy's receipt, signed by Cy, came back through Bob.
    await waitFor('and Ada knows', () => ada.messaging.listMessages(cy.id)[0]?.state === 'delivered');
    expect(ada.engine.isLinked(cy.id)).toBe(false);
    // Bob carried it but could not read it, and kept nothing.
    expect(bob.store.getMessage(sent.id)).toBeUndefined();
  });

  it('a backlog written while someone was away drains at once when they are back', async () => {
    mesh = new Mesh(['Ada', 'Bob']);
    const [ada, bob] = mesh.nodes as [MeshNode, MeshNode];
    await mesh.connect(ada, bob);
    mesh.disconnect(ada, bob);
    for (let i = 0; i < 1000; i++) ada.messaging.send(bob.id, `while you were out ${i}`);
    const started = Date.now();
    await mesh.connect(ada, bob);
    await waitFor('all 1,000 at Bob', () => bob.store.frontier(ada.id).find(([a]) => a === ada.id)?.[1] === 1000, 20_000);
    // Paced by the retry timer, four batches of 256 would take 2 + 4 + 8 s at least.
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitFor('all delivered', () => ada.store.deliveries.pendingFor(bob.id, 1).length === 0);
  }, 30_000);
});
