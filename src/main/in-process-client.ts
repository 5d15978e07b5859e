import { createApiClient, eventMessage, type ApiClient, type RpcMessage } from '../core/api/rpc';
import type { Backend, CallContext } from './backend';

/**
 * The third transport of the contract: direct calls into a backend in the
 * same process, for tests and benchmarks. Messages are cloned on the way
 * through so nothing relies on sharing objects with the backend.
 */
export function connectInProcess(backend: Backend, ctx: CallContext = {}): ApiClient & { close(): void } {
  const listeners = new Set<(message: RpcMessage) => void>();
  const deliver = (message: RpcMessage) => {
    const copy = structuredClone(message);
    for (const listener of listeners) listener(copy);
  };
  const unsubscribe = backend.onEvent.on((event) => deliver(eventMessage(event.name, event.payload)));
  const client = createApiClient({
    send: (message) => void backend.api.handle(structuredClone(message), ctx).then((reply) => reply && deliver(reply)),
    onMessage: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return { ...client, close: unsubscribe };
}
