import type { Pipe } from '../../core/pipe';
import type { RtcHost, RtcIceServer } from '../../core/rtc/host';

/**
 * Uses the window's WebRTC when a window is open and falls back to the
 * backend's own (wrtc) otherwise, so `lanline serve` keeps its links while no
 * tab is open. A link stays with the host that created it.
 */
export class PreferredRtcHost implements RtcHost {
  private readonly owner = new Map<number, RtcHost>();

  constructor(
    private readonly preferred: RtcHost,
    private readonly fallback: RtcHost | undefined,
  ) {}

  get available(): boolean {
    return this.preferred.available || (this.fallback?.available ?? false);
  }

  private pick(linkId: number): RtcHost {
    const host = this.preferred.available || !this.fallback ? this.preferred : this.fallback;
    this.owner.set(linkId, host);
    return host;
  }

  private of(linkId: number): RtcHost {
    return this.owner.get(linkId) ?? this.preferred;
  }

  createOffer(linkId: number, iceServers: RtcIceServer[]): Promise<string> {
    return this.pick(linkId).createOffer(linkId, iceServers);
  }

  acceptOffer(linkId: number, offerSdp: string, iceServers: RtcIceServer[]): Promise<string> {
    return this.pick(linkId).acceptOffer(linkId, offerSdp, iceServers);
  }

  acceptAnswer(linkId: number, answerSdp: string): Promise<void> {
    return this.of(linkId).acceptAnswer(linkId, answerSdp);
  }

  pipe(linkId: number): Promise<Pipe> {
    return this.of(linkId).pipe(linkId);
  }

  close(linkId: number): void {
    this.of(linkId).close(linkId);
    this.owner.delete(linkId);
  }
}
