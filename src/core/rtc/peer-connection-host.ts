import { deferred, type Deferred } from '../deferred';
import { LanlineError } from '../errors';
import type { Pipe } from '../pipe';
import { DataChannelPipe } from './data-channel-pipe';
import type { RtcHost, RtcIceServer } from './host';
import type { DataChannelLike, PeerConnectionFactory, PeerConnectionLike } from './peer-connection';

interface Slot {
  pc: PeerConnectionLike;
  pipe: Deferred<Pipe>;
  opened?: DataChannelPipe;
  /** The remote description we applied; its fingerprint is what the DTLS peer must present. */
  remoteSdp?: string;
}

/** `a=fingerprint:sha-256 AB:CD:…` lines, normalised to upper case. */
export function sdpFingerprints(sdp: string): string[] {
  return [...sdp.matchAll(/^a=fingerprint:\S+ ([0-9A-Fa-f:]+)\s*$/gm)].map((m) => m[1]!.toUpperCase());
}

/** The fingerprint of the certificate the remote side actually presented in DTLS, where the stack reports it. */
async function presentedFingerprint(pc: PeerConnectionLike): Promise<string | undefined> {
  const stats = new Map<string, Record<string, unknown>>();
  (await pc.getStats()).forEach((stat) => stats.set(String(stat.id), stat));
  for (const stat of stats.values()) {
    if (stat.type !== 'transport' || typeof stat.remoteCertificateId !== 'string') continue;
    const fingerprint = stats.get(stat.remoteCertificateId)?.fingerprint;
    if (typeof fingerprint === 'string') return fingerprint.toUpperCase();
  }
  return undefined;
}

export interface PeerConnectionHostOptions {
  /** Longest wait for ICE gathering; what was gathered by then is used. */
  gatherTimeoutMs?: number;
  /** Longest wait from an applied answer to an open data channel. */
  openTimeoutMs?: number;
}

/**
 * An RtcHost over any W3C RTCPeerConnection: Chromium's in a window,
 * @roamhq/wrtc's in a headless node. One ordered, reliable data channel
 * named `lanline` per connection carries every frame.
 */
export class PeerConnectionHost implements RtcHost {
  readonly available = true;
  private readonly slots = new Map<number, Slot>();

  constructor(
    private readonly createPeerConnection: PeerConnectionFactory,
    private readonly options: PeerConnectionHostOptions = {},
  ) {}

  async createOffer(linkId: number, iceServers: RtcIceServer[]): Promise<string> {
    const slot = this.open(linkId, iceServers);
    this.watchChannel(linkId, slot, slot.pc.createDataChannel('lanline', { ordered: true }));
    await slot.pc.setLocalDescription(await slot.pc.createOffer());
    return this.gathered(slot.pc);
  }

  async acceptOffer(linkId: number, offerSdp: string, iceServers: RtcIceServer[]): Promise<string> {
    const slot = this.open(linkId, iceServers);
    slot.pc.ondatachannel = (event) => this.watchChannel(linkId, slot, event.channel);
    slot.remoteSdp = offerSdp;
    await slot.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await slot.pc.setLocalDescription(await slot.pc.createAnswer());
    this.armOpenTimeout(linkId);
    return this.gathered(slot.pc);
  }

  async acceptAnswer(linkId: number, answerSdp: string): Promise<void> {
    const slot = this.slot(linkId);
    slot.remoteSdp = answerSdp;
    await slot.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
    this.armOpenTimeout(linkId);
  }

  pipe(linkId: number): Promise<Pipe> {
    return this.slot(linkId).pipe.promise;
  }

  close(linkId: number): void {
    const slot = this.slots.get(linkId);
    if (!slot) return;
    this.slots.delete(linkId);
    slot.pipe.reject(new LanlineError('closed', 'connection closed'));
    slot.opened?.close();
    slot.pc.close();
  }

  closeAll(): void {
    for (const linkId of [...this.slots.keys()]) this.close(linkId);
  }

  private open(linkId: number, iceServers: RtcIceServer[]): Slot {
    if (this.slots.has(linkId)) throw new LanlineError('internal', `link ${linkId} already exists`);
    const pc = this.createPeerConnection({ iceServers });
    const slot: Slot = { pc, pipe: deferred<Pipe>({ quiet: true }) };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        slot.opened?.end();
        this.close(linkId);
      }
    };
    this.slots.set(linkId, slot);
    return slot;
  }

  private slot(linkId: number): Slot {
    const slot = this.slots.get(linkId);
    if (!slot) throw new LanlineError('closed', `link ${linkId} is not open`);
    return slot;
  }

  private watchChannel(linkId: number, slot: Slot, channel: DataChannelLike): void {
    channel.onopen = async () => {
      // Wrap the channel at once so no early message is missed while we check.
      const pipe = new DataChannelPipe(channel, `rtc#${linkId}`);
      slot.opened = pipe;
      pipe.onDidClose(() => this.close(linkId));
      // The stack already enforces the SDP's fingerprint; checking it ourselves
      // makes the binding between the signed SDP and this channel explicit.
      const presented = await presentedFingerprint(slot.pc).catch(() => undefined);
      if (presented && !sdpFingerprints(slot.remoteSdp ?? '').includes(presented)) {
        slot.pipe.reject(new LanlineError('bad-signature', 'the DTLS certificate does not match the signed session description'));
        return this.close(linkId);
      }
      slot.pipe.resolve(pipe);
    };
  }

  private armOpenTimeout(linkId: number): void {
    const ms = this.options.openTimeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      const slot = this.slots.get(linkId);
      if (slot && !slot.opened) {
        slot.pipe.reject(new LanlineError('timeout', `no data channel after ${ms} ms`));
        this.close(linkId);
      }
    }, ms);
    this.slot(linkId).pipe.promise.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
  }

  /** Complete descriptions, so one offer and one answer are the whole exchange. */
  private gathered(pc: PeerConnectionLike): Promise<string> {
    const done = () => pc.localDescription?.sdp ?? '';
    if (pc.iceGatheringState === 'complete') return Promise.resolve(done());
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(done()), this.options.gatherTimeoutMs ?? 2000);
      pc.onicegatheringstatechange = () => {
        if (pc.iceGatheringState !== 'complete') return;
        clearTimeout(timer);
        resolve(done());
      };
    });
  }
}
