import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_BASE_MS } from '../../src/core/messaging/outbox';
import { waitFor } from '../support/backends';
import { engineScope } from '../support/engines';
import { FaultyLink } from '../support/faulty-pipes';

/** A message whose frame is lost while the link stays up is sent again, and arrives once. */
describe('retry while linked', () => {
  const { node, defer } = engineScope(afterEach);

  it('resends after the backoff and is acknowledged', async () => {
    const [ada, bob] = [node('Ada'), node('Bob')];
    const link = new FaultyLink();
    // Frames move every 10 ms, like a network would move them.
    const pump = setInterval(() => link.deliverQueued(), 10);
    defer(() => clearInterval(pump));
    await Promise.all([ada.attach(link.a, bob.identity.peerId), bob.attach(link.b, ada.identity.peerId)]);
    await new Promise((r) => setTimeout(r, 50)); // let the greetings pass before arming the fault

    link.inject('ab', 'drop');
    const sent = ada.messaging.send(bob.identity.peerId, 'lost once');
    await new Promise((r) => setTimeout(r, RETRY_BASE_MS / 2));
    expect(bob.messaging.listMessages(ada.identity.peerId)).toEqual([]);

    await waitFor('the retry to land', () => bob.messaging.listMessages(ada.identity.peerId).length === 1, RETRY_BASE_MS * 3);
    await waitFor('the ack', () => ada.messaging.listMessages(bob.identity.peerId)[0]?.state === 'delivered');
    expect(bob.messaging.listMessages(ada.identity.peerId).map((m) => m.id)).toEqual([sent.id]);
  });
});
