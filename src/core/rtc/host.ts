import type { Pipe } from '../pipe';

/**
 * Whoever owns RTCPeerConnections: @roamhq/wrtc in a headless node, or the
 * renderer's Chromium in the desktop and browser modes. Descriptions are
 * exchanged whole (ICE gathering completes first); on a LAN with host
 * candidates only that takes a few milliseconds and saves a round of trickle.
 */
export interface RtcIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface RtcHost {
  /** Whether this host can make connections right now (a renderer host needs an open window). */
  readonly available: boolean;
  /** Starts a connection as the offerer and returns the complete local offer SDP. */
  createOffer(linkId: number, iceServers: RtcIceServer[]): Promise<string>;
  /** Answers a remote offer and returns the complete local answer SDP. */
  acceptOffer(linkId: number, offerSdp: string, iceServers: RtcIceServer[]): Promise<string>;
  /** Applies the remote answer on the offerer's side. */
  acceptAnswer(linkId: number, answerSdp: string): Promise<void>;
  /** Resolves when the link's data channel is open, as a Pipe. */
  pipe(linkId: number): Promise<Pipe>;
  close(linkId: number): void;
}
