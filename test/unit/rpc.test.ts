import { describe, expect, it } from 'vitest';
import { ApiServer, createApiClient, type ApiHandlers, type RpcMessage } from '../../src/core/api/rpc';
import { WINDOW_ONLY_CALLS } from '../../src/core/api/contract';
import { LanlineError } from '../../src/core/errors';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const status = {
  peerId: 'a'.repeat(52),
  name: 'Ada',
  role: 'basic',
  version: '0',
  dataDir: '/d',
  signallingPort: 1,
  addresses: [],
  startedAt: 0,
  mdns: true,
  uiAttached: false,
  rolePinned: false,
  servingAsSuperPeer: false,
  downloadsDir: '/tmp/downloads',
  avatar: null,
  capabilities: {
    cores: 2,
    freeMemoryBytes: 1,
    freeDiskBytes: null,
    uptimeSeconds: 1,
    onBattery: null,
    uplinkBytesPerSecond: null,
    reachableFromOtherSubnets: false,
  },
} as const;
const handlers = {
  'status.get': () => status,
  'messages.send': () => {
    throw new LanlineError('unknown-peer', 'No such peer.');
  },
  'peers.list': () => [{ broken: true }],
} as unknown as ApiHandlers<object>;

function pair(server: ApiServer<object>, allow?: (m: string) => boolean) {
  let deliver: (m: RpcMessage) => void = () => {};
  return createApiClient({
    send: (message) => void server.handle(message, {}, allow as never).then((reply) => reply && deliver(reply)),
    onMessage: (listener) => ((deliver = listener), () => {}),
  });
}

describe('the contract at the boundary', () => {
  const server = new ApiServer(handlers);

  it('answers a valid call', async () => {
    await expect(pair(server).call('status.get', {})).resolves.toEqual(status);
  });

  it('rejects input that does not match the schema before any handler runs', async () => {
    const client = pair(server);
    await expect(client.call('messages.send', { to: 'nobody', text: 'hi' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: /to: not a peer id/,
    });
    await expect(client.call('status.get', { extra: 1 } as never)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('passes typed errors through with their code and text', async () => {
    await expect(pair(server).call('messages.send', { to: 'a'.repeat(52), text: 'hi' })).rejects.toMatchObject({
      code: 'unknown-peer',
      message: 'No such peer.',
    });
  });

  it('refuses methods outside the contract or the caller’s allowance', async () => {
    await expect(server.handle({ kind: 'call', id: 1, method: 'fs.delete', params: {} }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    const cli = pair(server, (m) => !WINDOW_ONLY_CALLS.has(m as never));
    await expect(cli.call('rtc.attach', {})).rejects.toMatchObject({ message: /unknown method rtc.attach/ });
  });

  it('the client refuses a result that breaks the contract', async () => {
    await expect(pair(server).call('peers.list', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('times out a call after the client’s limit, but lets sharing run as long as its files take', async () => {
    const silent = createApiClient({ send: () => {}, onMessage: () => () => {} }, 50);
    await expect(silent.call('status.get', {})).rejects.toMatchObject({ code: 'timeout' });
    const sharing = silent.call('files.send', { to: 'a'.repeat(52), paths: ['/big.iso'] });
    const outcome = await Promise.race([
      sharing.then(
        () => 'answered',
        () => 'gave up',
      ),
      sleep(200).then(() => 'waiting'),
    ]);
    expect(outcome).toBe('waiting');
    silent.failPending(new LanlineError('closed', 'test over'));
    await expect(sharing).rejects.toMatchObject({ code: 'closed' });
  });

  it('ignores envelopes that are not calls', async () => {
    await expect(server.handle('junk', {})).resolves.toBeUndefined();
    await expect(server.handle({ kind: 'event', name: 'x', payload: 1 }, {})).resolves.toBeUndefined();
  });
});
