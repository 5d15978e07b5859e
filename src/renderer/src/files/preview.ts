import type { ApiClient } from '../../../core/api/rpc';
import { blobUrlCache } from '../app/blob-url-cache';
import { fromBase64 } from '../backend/base64';

/**
 * Received images shown inline. The bytes come through the contract
 * (`files.preview`, 128 KiB a call, over the authenticated bridge or IPC)
 * and become a blob: URL, which the strict CSP allows for images only
 * (`img-src 'self' data: blob:`); nothing is ever loaded from a file path.
 */
const cached = blobUrlCache(48);

async function load(api: ApiClient, offerId: string, entry: number): Promise<string> {
  const first = await api.call('files.preview', { offerId, entry, offset: 0 });
  const parts: Uint8Array[] = [fromBase64(first.data)];
  let offset = parts[0]!.length;
  while (offset < first.size) {
    const next = await api.call('files.preview', { offerId, entry, offset });
    const bytes = fromBase64(next.data);
    if (bytes.length === 0) break;
    parts.push(bytes);
    offset += bytes.length;
  }
  return URL.createObjectURL(new Blob(parts as BlobPart[], { type: first.type }));
}

export function previewUrl(api: ApiClient, offerId: string, entry: number): Promise<string> {
  return cached(`${offerId}/${entry}`, () => load(api, offerId, entry));
}
