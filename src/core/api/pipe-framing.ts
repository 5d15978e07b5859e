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

/**
 * The link id reserved for the window's drain reports: how many bytes of
 * each link's traffic towards the peer it has handed to the data channel and
 * seen leave it (handed over minus `bufferedAmount`). The backend subtracts
 * that from what it sent, so its uploader sees the whole queue (bridge socket,
 * page, data channel) and never overfills the window's channel, which
 * Chromium closes when more than 16 MiB wait in it.
 */
export const DRAIN_REPORT_LINK = 0xffffffff;
const ENTRY_BYTES = 12;

export function encodeDrainReport(entries: ReadonlyArray<readonly [linkId: number, delivered: number]>): Uint8Array {
  const out = new Uint8Array(ENTRY_BYTES * entries.length);
  const view = new DataView(out.buffer);
  entries.forEach(([linkId, delivered], i) => {
    view.setUint32(i * ENTRY_BYTES, linkId);
    view.setFloat64(i * ENTRY_BYTES + 4, delivered);
  });
  return out;
}

export function decodeDrainReport(data: Uint8Array): Array<[linkId: number, delivered: number]> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const entries: Array<[number, number]> = [];
  for (let at = 0; at + ENTRY_BYTES <= data.length; at += ENTRY_BYTES) {
    const delivered = view.getFloat64(at + 4);
    if (Number.isSafeInteger(delivered) && delivered >= 0) entries.push([view.getUint32(at), delivered]);
  }
  return entries;
}
