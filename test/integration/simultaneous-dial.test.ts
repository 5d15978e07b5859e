import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine';
import { engineScope } from '../support/engines';
import { FaultyLink } from '../support/faulty-pipes';
import { freePorts, startTestBackend, waitFor, type TestBackend } from '../support/backends';

/**
 * Two nodes that dial each other at once (addresses given by `--peer`, so
 * neither knows who will answer) end up with two links. Each side must keep
 * the same one, or each closes the link the other keeps and neither stays
 * linked, with wrtc asked to send on channels its other thread is freeing.
 */
describe('two nodes that dial each other at once', () => {
  const { node, defer } = engineScope(afterEach);

  it('keep the link the smaller peer id dialled, whichever each side verified first', async () => {
    const [small, large] = [node('One'), node('Two')].sort((x, y) => (x.identity.peerId < y.identity.peerId ? -1 : 1)) as [
      Engine,
      Engine,
    ];
    // byA: dialled by the smaller id; byB: by the larger. FaultyLink ends: a = the dialler's.
    const byA = new FaultyLink();
    const byB = new FaultyLink();
    defer(() => [byA, byB].forEach((l) => l.close()));
    const attached = Promise.all([
      small.attach(byA.a, large.identity.peerId, { dialled: true }),
      large.attach(byA.b, small.identity.peerId, { dialled: false }),
      large.attach(byB.a, small.identity.peerId, { dialled: true }),
      small.attach(byB.b, large.identity.peerId, { dialled: false }),
    ]);
    // The worst order: each side verifies the other's dial first ("newest wins" would then keep a different link at each end).
    byB.deliverQueued('ab'); // the smaller hears the larger's hello on the link the larger dialled
    byA.deliverQueued('ab'); // the larger hears the smaller's hello on the link the smaller dialled
    byB.deliverQueued('ba');
    byA.deliverQueued('ba');
    const pump = setInterval(() => [byA, byB].forEach((l) => l.deliverQueued()), 5);
    defer(() => clearInterval(pump));
    await attached;
    await waitFor('the other link to close', () => !byB.a.isOpen && !byB.b.isOpen, 5_000);
    expect(small.linkTo(large.identity.peerId)?.pipe).toBe(byA.a);
    expect(large.linkTo(small.identity.peerId)?.pipe).toBe(byA.b);
    expect(small.linkTo(large.identity.peerId)?.state).toBe('ready');
  });
});

describe('two `lanline` backends given each other’s address', () => {
  const running: TestBackend[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
  });

  it('stay linked through one link, the same at both ends, and talk', async () => {
    const [portA, portB] = await freePorts(2);
    const [a, b] = await Promise.all([
      startTestBackend('Ada', { signallingPort: portA, peers: [`127.0.0.1:${portB}`] }),
      startTestBackend('Bob', { signallingPort: portB, peers: [`127.0.0.1:${portA}`] }),
    ]);
    running.push(a, b);
    const idOf = (n: TestBackend) => n.backend.identity.peerId;
    const linkAt = (n: TestBackend, other: TestBackend) => n.backend.engine.linkTo(idOf(other));
    const adaIsSmaller = idOf(a) < idOf(b);
    // Both dial (neither knows who answers), so two links form; both ends keep the one the smaller peer id dialled.
    const settled = () =>
      linkAt(a, b)?.state === 'ready' &&
      linkAt(a, b)!.dialled === adaIsSmaller &&
      linkAt(b, a)?.state === 'ready' &&
      linkAt(b, a)!.dialled === !adaIsSmaller;
    await waitFor('both ends on the link the smaller peer id dialled', settled, 15_000);
    const [atA, atB] = [linkAt(a, b), linkAt(b, a)];
    // Past the moment the other link closes: the same two ends stay.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(linkAt(a, b)).toBe(atA);
    expect(linkAt(b, a)).toBe(atB);
    expect(settled()).toBe(true);
    const sent = await a.api.call('messages.send', { to: idOf(b), text: 'one link' });
    await waitFor('delivered', async () =>
      (await a.api.call('messages.list', { with: idOf(b) })).some((m) => m.id === sent.id && m.state === 'delivered'),
    );
  }, 30_000);
});
