import { z } from 'zod';
import { LanlineError, errorCode, type ErrorCode } from '../errors';
import {
  calls,
  events,
  type Calls,
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
} from './contract';

/** The envelope every transport carries, whatever its framing. */
export const RpcMessageSchema = z.union([
  z.strictObject({ kind: z.literal('call'), id: z.number().int(), method: z.string().max(64), params: z.unknown() }),
  z.strictObject({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({
    kind: z.literal('result'),
    id: z.number().int(),
    ok: z.literal(false),
    error: z.strictObject({ code: z.string(), message: z.string() }),
  }),
  z.strictObject({ kind: z.literal('event'), name: z.string().max(64), payload: z.unknown() }),
]);
export type RpcMessage = z.infer<typeof RpcMessageSchema>;

export type ApiHandlers<Ctx> = {
  [K in CallName]: (input: z.output<Calls[K]['input']>, ctx: Ctx) => Promise<CallOutput<K>> | CallOutput<K>;
};

function isCallName(method: string): method is CallName {
  return Object.hasOwn(calls, method);
}

function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid'}`;
}

/**
 * Runs calls against handlers. Input is parsed with the contract's schema
 * before a handler sees it, so handlers only ever receive well-typed values.
 */
export class ApiServer<Ctx> {
  constructor(
    private readonly handlers: ApiHandlers<Ctx>,
    private readonly onInternalError: (method: string, error: unknown) => void = () => {},
  ) {}

  async handle(raw: unknown, ctx: Ctx, allow: (method: CallName) => boolean = () => true): Promise<RpcMessage | undefined> {
    const parsed = RpcMessageSchema.safeParse(raw);
    if (!parsed.success || parsed.data.kind !== 'call') return undefined;
    const { id, method, params } = parsed.data;
    const fail = (code: ErrorCode, message: string): RpcMessage => ({ kind: 'result', id, ok: false, error: { code, message } });
    if (!isCallName(method) || !allow(method)) return fail('invalid-input', `unknown method ${method}`);
    const input = calls[method].input.safeParse(params ?? {});
    if (!input.success) return fail('invalid-input', describeZodError(input.error));
    try {
      const handler = this.handlers[method] as (input: unknown, ctx: Ctx) => unknown;
      const value = await handler(input.data, ctx);
      return { kind: 'result', id, ok: true, value };
    } catch (error) {
      if (error instanceof z.ZodError) return fail('invalid-input', describeZodError(error));
      if (!(error instanceof LanlineError)) this.onInternalError(method, error);
      return fail(errorCode(error), error instanceof Error ? error.message : String(error));
    }
  }
}

export function eventMessage<E extends EventName>(name: E, payload: EventPayload<E>): RpcMessage {
  return { kind: 'event', name, payload };
}

/** The two things a client needs from a transport. */
export interface ClientTransport {
  send(message: RpcMessage): void;
  onMessage(listener: (message: RpcMessage) => void): () => void;
}

export interface ApiClient {
  call<K extends CallName>(method: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Rejects every pending call, for when the transport has gone away. */
  failPending(error: LanlineError): void;
}

/** A typed client over any transport. Results and events are validated on arrival. */
export function createApiClient(transport: ClientTransport, timeoutMs = 30_000): ApiClient {
  let nextId = 1;
  const pending = new Map<
    number,
    { method: CallName; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }
  >();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  transport.onMessage((message) => {
    if (message.kind === 'result') {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      clearTimeout(entry.timer);
      if (!message.ok) return entry.reject(new LanlineError(message.error.code as ErrorCode, message.error.message));
      const output = calls[entry.method].output.safeParse(message.value);
      if (output.success) entry.resolve(output.data);
      else entry.reject(new LanlineError('internal', `bad result for ${entry.method}: ${describeZodError(output.error)}`));
    } else if (message.kind === 'event') {
      const schema = events[message.name as EventName];
      const payload = schema?.safeParse(message.payload);
      if (!payload?.success) return;
      for (const listener of listeners.get(message.name) ?? []) listener(payload.data);
    }
  });

  return {
    call(method, input) {
      const id = nextId++;
      const limitMs = calls[method].timeoutMs ?? timeoutMs;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new LanlineError('timeout', `${method} did not answer in ${limitMs / 1000} s`));
        }, limitMs);
        pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
        transport.send({ kind: 'call', id, method, params: input });
      });
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    failPending(error) {
      for (const [id, entry] of pending) {
        clearTimeout(entry.timer);
        entry.reject(error);
        pending.delete(id);
      }
    },
  };
}
