/**
 * Pipe bytes between a window and the backend share one channel (a
 * MessagePort in Electron, the bridge WebSocket in browser mode), so each
 * message is prefixed with its link id: 4 bytes, big-endian.
 */
export const PIPE_HEADER_BYTES = 4;

export function encodePipeMessage(linkId: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(PIPE_HEADER_BYTES + data.length);
  new DataView(out.buffer).setUint32(0, linkId);
  out.set(data, PIPE_HEADER_BYTES);
  return out;
}

export function decodePipeMessage(message: Uint8Array): { linkId: number; data: Uint8Array } | undefined {
  if (message.length < PIPE_HEADER_BYTES) return undefined;
  const linkId = new DataView(message.buffer, message.byteOffset, message.byteLength).getUint32(0);
  return { linkId, data: message.subarray(PIPE_HEADER_BYTES) };
}
