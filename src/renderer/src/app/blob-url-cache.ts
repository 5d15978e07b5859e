/**
 * blob: URLs made on demand and shared by key, at most `max` of them: making
 * one more revokes the oldest. A load that fails is forgotten, so the next
 * ask tries again (the bytes may simply not be reachable yet).
 */
export function blobUrlCache(max: number): (key: string, load: () => Promise<string>) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (key, load) => {
    let url = cache.get(key);
    if (!url) {
      url = load();
      url.catch(() => cache.delete(key));
      cache.set(key, url);
      if (cache.size > max) {
        const [oldest, promise] = cache.entries().next().value!;
        cache.delete(oldest);
        void promise.then(
          (u) => URL.revokeObjectURL(u),
          () => {},
        );
      }
    }
    return url;
  };
}
