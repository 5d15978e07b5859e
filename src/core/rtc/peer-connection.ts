/**
 * The slice of the W3C WebRTC API that Lanline uses, typed structurally so
 * the same code drives Chromium's RTCPeerConnection in a window and
 * @roamhq/wrtc's in a headless node without importing either.
 */
export interface SessionDescriptionLike {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp?: string;
}

export interface DataChannelLike {
  readonly label: string;
  readonly readyState: 'connecting' | 'open' | 'closing' | 'closed';
  readonly bufferedAmount: number;
  binaryType: string;
  send(data: Uint8Array): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface PeerConnectionLike {
  readonly localDescription: SessionDescriptionLike | null;
  readonly iceGatheringState: string;
  readonly connectionState: string;
  onicegatheringstatechange: ((event: unknown) => void) | null;
  onconnectionstatechange: ((event: unknown) => void) | null;
  ondatachannel: ((event: { channel: DataChannelLike }) => void) | null;
  createOffer(): Promise<SessionDescriptionLike>;
  createAnswer(): Promise<SessionDescriptionLike>;
  setLocalDescription(description: SessionDescriptionLike): Promise<void>;
  setRemoteDescription(description: SessionDescriptionLike): Promise<void>;
  createDataChannel(label: string, options?: { ordered?: boolean }): DataChannelLike;
  getStats(): Promise<{ forEach(callback: (stat: Record<string, unknown>) => void): void }>;
  close(): void;
}

export type PeerConnectionFactory = (config: { iceServers: unknown[] }) => PeerConnectionLike;
