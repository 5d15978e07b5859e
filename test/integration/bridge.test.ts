import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { BridgeServer } from '../../src/main/bridge/server';
import { startTestBackend, tempDir, type TestBackend } from '../support/backends';

/** Browser mode's WebSocket bridge: only our page, holding this launch's token, gets in. */
describe('browser-mode bridge', () => {
  let node: TestBackend;
  let bridge: BridgeServer;
  let ui: ReturnType<typeof tempDir>;
  let port: number;

  beforeEach(async () => {
    node = await startTestBackend('Ada', {}, undefined, 'window');
    ui = tempDir();
    writeFileSync(join(ui.path, 'index.html'), '<!doctype html><title>Lanline</title>');
    bridge = new BridgeServer(node.backend, ui.path, node.log);
    port = await bridge.listen(0);
  });

  afterEach(async () => {
    await bridge.close();
    await node.stop();
    ui.remove();
  });

  const open = (query: string, origin?: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api${query}`, origin ? { origin } : {});
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });

  const call = (ws: WebSocket, method: string, params: unknown) =>
    new Promise<unknown>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.kind === 'result' && message.id === 7) resolve(message);
      });
      ws.send(JSON.stringify({ kind: 'call', id: 7, method, params }));
    });

  it('serves the page on loopback with a strict content security policy', async () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/#token=[A-Za-z0-9_-]{32}$`));
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`http://127.0.0.1:${port}/../../etc/passwd`)).status).toBe(404);
  });

  it('refuses a client without the token, with a wrong token, or from another origin', async () => {
    await expect(open('')).rejects.toThrow('HTTP 403');
    await expect(open('?token=guess')).rejects.toThrow('HTTP 403');
    await expect(open(`?token=${bridge.token}`, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('lets our page call the contract', async () => {
    const ws = await open(`?token=${bridge.token}`, `http://127.0.0.1:${port}`);
    const reply = await call(ws, 'status.get', {});
    expect(reply).toMatchObject({ ok: true, value: { name: 'Ada', peerId: node.backend.identity.peerId } });
    const attach = await call(ws, 'rtc.attach', {});
    expect(attach).toMatchObject({ ok: true, value: { attached: true } });
    expect(node.backend.status().uiAttached).toBe(true);
    ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(node.backend.status().uiAttached).toBe(false);
  });
});
