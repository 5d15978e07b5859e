import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/backends';
import { engineScope } from '../support/engines';
import { wrtcPipePair } from '../support/wrtc-pair';

/**
 * Office clocks disagree. Bob's runs 40 s slow; his reply must still sort
 * after Ada's message, on both screens, over a real data channel.
 */
describe('a slow clock', () => {
  const { node, defer } = engineScope(afterEach);

  it('cannot put a reply before the message it answers', async () => {
    const ada = node('Ada', 0);
    const bob = node('Bob', -40_000);
    const pair = await wrtcPipePair();
    defer(pair.close);
    await Promise.all([ada.attach(pair.a, bob.identity.peerId), bob.attach(pair.b, ada.identity.peerId)]);

    const question = ada.messaging.send(bob.identity.peerId, 'Lunch?');
    await waitFor('the question at Bob', () => bob.messaging.listMessages(ada.identity.peerId).length === 1);
    const answer = bob.messaging.send(ada.identity.peerId, 'Yes!');
    await waitFor('the answer at Ada', () => ada.messaging.listMessages(bob.identity.peerId).length === 2);

    expect(answer.sentAt).toBeGreaterThan(question.sentAt);
    for (const [engine, other] of [
      [ada, bob],
      [bob, ada],
    ] as const)
      expect(engine.messaging.listMessages(other.identity.peerId).map((m) => m.text)).toEqual(['Lunch?', 'Yes!']);
  });
});
