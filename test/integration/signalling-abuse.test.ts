import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestBackend, waitFor, type TestBackend } from '../support/backends';

/**
 * One noisy address on the LAN must not starve the others: a flood of offers
 * from 127.0.0.2 is refused with reasons while a genuine peer on 127.0.0.1
 * still connects.
 */
describe('signalling under abuse', () => {
  let ada: TestBackend;
  let bob: TestBackend;

  beforeEach(async () => {
    ada = await startTestBackend('Ada');
    bob = await startTestBackend('Bob');
  });

  afterEach(async () => {
    await Promise.all([ada.stop(), bob.stop()]);
  });

  const offerFrom = (localAddress: string, body: string) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${ada.backend.signallingPort}/signal`, { localAddress });
      ws.once('open', () => ws.send(body));
      ws.once('message', (data) => resolve(String(data)));
      ws.once('error', () => resolve('socket refused'));
      ws.once('close', () => resolve('closed'));
    });

  it('refuses malformed offers with a reason and logs why', async () => {
    const reply = JSON.parse(await offerFrom('127.0.0.1', '{"v":1,"t":"offer","from":"nobody"}'));
    expect(reply).toMatchObject({ t: 'refuse', code: 'bad-request' });
    expect(JSON.parse(await offerFrom('127.0.0.1', '{"v":7,"t":"offer"}'))).toMatchObject({ code: 'unsupported-version' });
    expect(ada.log.lines.some((l) => l.includes('dropped signalling frame') && l.includes('schema'))).toBe(true);
  });

  it('throttles a flood from one address while another still connects', async () => {
    const flood = await Promise.all(Array.from({ length: 40 }, () => offerFrom('127.0.0.2', '{"v":1,"t":"offer"}')));
    const busy = flood.filter((r) => r.includes('"busy"') || r === 'socket refused' || r === 'closed');
    expect(busy.length).toBeGreaterThanOrEqual(20);
    expect(ada.log.lines.some((l) => l.includes('rate limited') || l.includes('too many sockets'))).toBe(true);

    const started = Date.now();
    await bob.backend.connections.dial(`127.0.0.1:${ada.backend.signallingPort}`);
    await waitFor('Bob linked to Ada', () => bob.backend.engine.isLinked(ada.backend.identity.peerId));
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
