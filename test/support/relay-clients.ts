import { WebSocket } from 'ws';
import { generateSecretKey, identityFromSecretKey, type Identity } from '../../src/core/identity';
import { nodePlatform } from '../../src/main/platform';
import { silentLogger } from '../../src/core/platform';
import { RELAY_PATH, signAuth, type RelayFrame } from '../../src/main/relay/protocol';

export const newIdentity = (): Identity => identityFromSecretKey(generateSecretKey(nodePlatform(silentLogger).randomBytes));

/**
 * A hand-driven relay client for abuse tests: it speaks the wire protocol
 * directly (or deliberately does not), and records every frame the relay sends.
 */
export class RawRelayClient {
  readonly ws: WebSocket;
  readonly frames: RelayFrame[] = [];
  readonly data: Buffer[] = [];
  closed: { code: number; reason: string } | undefined;
  httpRefusal: { status: number; code: string | undefined; body: string } | undefined;
  private readonly opened: Promise<void>;

  constructor(address: string) {
    this.ws = new WebSocket(`ws://${address}${RELAY_PATH}`);
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) this.data.push(data as Buffer);
      else this.frames.push(JSON.parse(String(data)) as RelayFrame);
    });
    this.ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
    this.ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (c) => (body += String(c)));
        res.on('end', () => {
          this.httpRefusal = { status: res.statusCode ?? 0, code: res.headers['x-lanline-refusal'] as string, body };
          req.destroy();
          resolve();
        });
      });
      this.ws.once('error', reject);
    });
  }

  async frame<T extends RelayFrame['t']>(t: T, timeoutMs = 3000): Promise<Extract<RelayFrame, { t: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find((f) => f.t === t);
      if (found) {
        this.frames.splice(this.frames.indexOf(found), 1);
        return found as Extract<RelayFrame, { t: T }>;
      }
      if (Date.now() > deadline) throw new Error(`no ${t} frame; got ${JSON.stringify(this.frames)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Opens the socket and, given an identity, authenticates with it. */
  async connect(identity?: Identity): Promise<this> {
    await this.opened;
    if (this.httpRefusal || !identity) return this;
    const challenge = await this.frame('challenge');
    this.send({ ...signAuth(identity, challenge.relay, challenge.nonce, Date.now()), v: 1 });
    await this.frame('welcome');
    return this;
  }

  send(frame: object): void {
    this.ws.send(JSON.stringify({ v: 1, ...frame }));
  }

  sendRaw(data: Buffer | string): void {
    this.ws.send(data);
  }

  async waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the relay did not close the connection');
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.closed;
  }

  close(): void {
    this.ws.terminate();
  }
}
