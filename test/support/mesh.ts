import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { identityFromSecretKey, type Identity, type PeerId } from '../../src/core/identity';
import { silentLogger, type Logger, type Platform } from '../../src/core/platform';
import { nodePlatform } from '../../src/main/platform';
import { SqliteStore } from '../../src/main/store/sqlite-store';
import { tempDir } from './backends';
import { FaultyLink } from './faulty-pipes';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** One person: a real engine on a real SQLite file that can be stopped and started again from it. */
export class MeshNode {
  store!: SqliteStore;
  engine!: Engine;
  readonly identity: Identity = identityFromSecretKey(random(32));

  constructor(
    readonly name: string,
    private readonly path: string,
    private readonly platform: Platform,
  ) {
    this.boot();
  }

  get id(): PeerId {
    return this.identity.peerId;
  }

  private boot(): void {
    this.store = new SqliteStore(this.path);
    this.engine = new Engine({
      identity: this.identity,
      platform: this.platform,
      store: this.store,
      name: this.name,
      role: 'basic',
    });
  }

  restart(): void {
    this.halt();
    this.boot();
  }

  halt(): void {
    this.engine.stop();
    this.store.close();
  }

  get messaging() {
    return this.engine.messaging;
  }
}

/**
 * Several engines joined by in-memory links whose frames a test can drop,
 * double, swap or hold (see FaultyLink). With `pump: 'auto'` frames move every
 * few milliseconds, like a network; with `manual`, only on `settle()`.
 */
export class Mesh {
  readonly nodes: MeshNode[];
  private readonly links = new Map<string, FaultyLink>();
  private readonly dir = tempDir();
  private pump: ReturnType<typeof setInterval> | undefined;

  constructor(names: string[], options: { pump?: 'auto' | 'manual'; log?: Logger } = {}) {
    const platform = nodePlatform(options.log ?? silentLogger);
    this.nodes = names.map((name, i) => new MeshNode(name, join(this.dir.path, `${i}.db`), platform));
    if (options.pump !== 'manual') this.pump = setInterval(() => this.deliver(), 5);
  }

  node(name: string): MeshNode {
    return this.nodes.find((n) => n.name === name)!;
  }

  private key(a: MeshNode, b: MeshNode): string {
    return [a.id, b.id].sort().join('|');
  }

  link(a: MeshNode, b: MeshNode): FaultyLink {
    return this.links.get(this.key(a, b))!;
  }

  /** Opens a link between two nodes and waits until both have verified it. */
  async connect(a: MeshNode, b: MeshNode): Promise<void> {
    this.disconnect(a, b);
    const link = new FaultyLink();
    this.links.set(this.key(a, b), link);
    const opened = Promise.all([a.engine.attach(link.a, b.id), b.engine.attach(link.b, a.id)]);
    if (!this.pump) await this.settle();
    await opened;
  }

  disconnect(a: MeshNode, b: MeshNode): void {
    const key = this.key(a, b);
    this.links.get(key)?.close();
    this.links.delete(key);
  }

  /** Every pair linked. */
  async fullyConnect(): Promise<void> {
    for (const [i, a] of this.nodes.entries()) for (const b of this.nodes.slice(i + 1)) await this.connect(a, b);
  }

  /** Drops every link of a node, e.g. before restarting it. */
  isolate(node: MeshNode): void {
    for (const other of this.nodes) if (other !== node) this.disconnect(node, other);
  }

  /** Stops a node and starts it again from its database file; its links are gone. */
  restart(node: MeshNode): void {
    this.isolate(node);
    node.restart();
  }

  private deliver(): number {
    let moved = 0;
    for (const link of this.links.values()) {
      moved += link.pending;
      link.deliverQueued();
    }
    return moved;
  }

  /** Moves frames until nothing is in flight (bounded). */
  async settle(rounds = 200): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      await tick();
      if (this.deliver() === 0) {
        await tick();
        if (this.deliver() === 0) return;
      }
    }
  }

  dispose(): void {
    clearInterval(this.pump);
    for (const link of this.links.values()) link.close();
    for (const node of this.nodes) node.halt();
    this.dir.remove();
  }
}
