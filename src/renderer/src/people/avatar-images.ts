import type { ApiClient } from '../../../core/api/rpc';
import { blobUrlCache } from '../app/blob-url-cache';
import { fromBase64 } from '../backend/base64';

/**
 * Profile pictures as blob: URLs, one per hash. The bytes come through the
 * contract (`avatars.get`, which the backend checked against the hash the
 * owner signed), like file previews (files/preview.ts); the strict CSP allows
 * blob: images and nothing is loaded from elsewhere. A hash names one image
 * for ever, so a URL never goes stale, only out of the cache.
 */
const cached = blobUrlCache(200);

async function load(api: ApiClient, hash: string): Promise<string> {
  const { type, data } = await api.call('avatars.get', { hash });
  return URL.createObjectURL(new Blob([fromBase64(data) as BlobPart], { type }));
}

export function avatarUrl(api: ApiClient, hash: string): Promise<string> {
  return cached(hash, () => load(api, hash));
}
