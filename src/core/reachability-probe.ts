import { LanlineError } from './errors';
import type { PeerId } from './identity';
import type { Link } from './link';
import type { Platform } from './platform';
import type { PresenceGossip } from './presence-gossip';
import type { FrameOf } from './wire/frames';

/** The host's way to test whether a signalling endpoint answers, e.g. a WebSocket open. */
export type ProbeAddress = (address: string) => Promise<{ ok: boolean; detail: string }>;

const PROBE_TIMEOUT_MS = 6000;
const PROBE_WINDOW_MS = 10_000;
const MAX_PROBES_PER_WINDOW = 4;

/**
 * Asks a linked peer to connect back to one of our addresses, which is the
 * only honest answer to "can others reach my port?". A peer only probes
 * addresses the asker signed in its own presence record, at most four per
 * ten seconds per link, so nobody can use it to scan a network.
 */
export class ReachabilityProbe {
  private next = 1;
  private readonly waiting = new Map<number, (result: { ok: boolean; detail: string }) => void>();
  private readonly served = new WeakMap<Link, number[]>();

  constructor(
    private readonly platform: Platform,
    private readonly gossip: PresenceGossip,
    private readonly probeAddress: ProbeAddress | undefined,
  ) {}

  ask(link: Link, address: string): Promise<{ ok: boolean; detail: string }> {
    const n = this.next++;
    // Our current signed record goes first (frames are ordered), so the peer
    // knows the address is ours even if gossip has not reached it yet.
    link.send({ t: 'peers', records: [this.gossip.ownRecord()] });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(n);
        reject(new LanlineError('timeout', 'the peer did not answer the reachability check'));
      }, PROBE_TIMEOUT_MS);
      this.waiting.set(n, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      if (!link.send({ t: 'probe', n, address })) {
        clearTimeout(timer);
        this.waiting.delete(n);
        reject(new LanlineError('not-connected', 'the link closed'));
      }
    });
  }

  async serve(link: Link, frame: FrameOf<'probe'>): Promise<void> {
    const now = this.platform.clock.now();
    const asker: PeerId | undefined = link.remote?.peerId;
    const signedAddresses = asker ? (this.gossip.recordOf(asker)?.addresses ?? []) : [];
    const refuse = (detail: string) => void link.send({ t: 'probe-result', n: frame.n, ok: false, detail });
    if (!this.probeAddress) return refuse('this node cannot run checks');
    if (!signedAddresses.includes(frame.address)) return refuse('that address is not in your signed presence record');
    const recent = (this.served.get(link) ?? []).filter((t) => now - t < PROBE_WINDOW_MS);
    if (recent.length >= MAX_PROBES_PER_WINDOW) return refuse('too many checks; try again in a few seconds');
    this.served.set(link, [...recent, now]);
    const result = await this.probeAddress(frame.address).catch((error: Error) => ({ ok: false, detail: error.message }));
    link.send({ t: 'probe-result', n: frame.n, ok: result.ok, detail: result.detail.slice(0, 200) });
  }

  settle(frame: FrameOf<'probe-result'>): void {
    this.waiting.get(frame.n)?.({ ok: frame.ok, detail: frame.detail });
    this.waiting.delete(frame.n);
  }
}
