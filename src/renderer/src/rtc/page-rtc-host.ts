import { PeerConnectionHost } from '../../../core/rtc/peer-connection-host';
import type { PeerConnectionLike } from '../../../core/rtc/peer-connection';

/**
 * The page's own Chromium makes the peer connections. The DOM types are
 * richer than the structural slice the core declares (its event handlers take
 * DOM event classes), so TypeScript cannot see that they fit; they do.
 */
export function createPageRtcHost(): PeerConnectionHost {
  return new PeerConnectionHost((config) => new RTCPeerConnection(config as RTCConfiguration) as unknown as PeerConnectionLike);
}
