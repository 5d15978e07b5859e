import type { ApiClient } from '../../../core/api/rpc';
import { fromBase64 } from '../backend/base64';

/**
 * Received images shown inline. The bytes come through the contract
 * (`files.preview`, 128 KiB a call, over the authenticated bridge or IPC)
 * and become a blob: URL, which the strict CSP allows for images only
 * (`img-src 'self' data: blob:`); nothing is ever loaded from a file path.
 */
const cache = new Map<string, Promise<string>>();
const MAX_CACHED = 48;

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
  const key = `${offerId}/${entry}`;
  let url = cache.get(key);
  if (!url) {
    url = load(api, offerId, entry);
    url.catch(() => cache.delete(key));
    cache.set(key, url);
    if (cache.size > MAX_CACHED) {
      const [oldest, promise] = cache.entries().next().value!;
      cache.delete(oldest);
      void promise.then(
        (u) => URL.revokeObjectURL(u),
        () => {},
      );
    }
  }
  return url;
}
