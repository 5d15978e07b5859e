import { PeerConnectionHost } from '../../core/rtc/peer-connection-host';
import type { PeerConnectionLike } from '../../core/rtc/peer-connection';

/**
 * The headless node's WebRTC: @roamhq/wrtc behind the same host the windows
 * use. Loaded lazily so a desktop build that never needs it never loads it.
 * Note: wrtc never fires `bufferedamountlow`; senders must poll bufferedAmount.
 */
export async function createWrtcHost(): Promise<PeerConnectionHost> {
  const wrtc = (await import('@roamhq/wrtc')).default;
  return new PeerConnectionHost((config) => new wrtc.RTCPeerConnection(config as never) as unknown as PeerConnectionLike);
}
