import { utf8 } from '../bytes';
import { FrameSchemas, MAX_FRAME_BYTES, PROTOCOL_VERSION, type Frame, type OutgoingFrame } from './frames';

/** Why a frame was dropped. Each reason is logged; none of them reaches the store. */
export type DropReason =
  | 'oversized'
  | 'malformed'
  | 'unsupported-version'
  | 'unknown-type'
  | 'schema'
  | 'bad-signature'
  /** Content-addressed bytes that do not hash to the name they were asked for by. */
  | 'hash-mismatch'
  | 'undecryptable'
  | 'impersonation'
  | 'clock-skew'
  | 'not-a-member'
  | 'buffer-full'
  | 'rate-limited'
  | 'unexpected';

export type DecodeResult = { ok: true; frame: Frame } | { ok: false; reason: DropReason; detail: string; version?: number };

export function encodeFrame(frame: OutgoingFrame): Uint8Array {
  const bytes = utf8.encode(JSON.stringify({ v: PROTOCOL_VERSION, ...frame }));
  if (bytes.length > MAX_FRAME_BYTES) throw new RangeError(`frame of ${bytes.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  return bytes;
}

/**
 * Size first, then UTF-8, JSON, version, type and finally the strict schema:
 * a peer's bytes are never trusted further than the check they passed.
 */
export function decodeFrame(bytes: Uint8Array): DecodeResult {
  if (bytes.length > MAX_FRAME_BYTES)
    return { ok: false, reason: 'oversized', detail: `${bytes.length} bytes > ${MAX_FRAME_BYTES}` };
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return { ok: false, reason: 'malformed', detail: 'not UTF-8 JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'malformed', detail: 'not an object' };
  const record = value as Record<string, unknown>;
  if (record.v !== PROTOCOL_VERSION) {
    const version = typeof record.v === 'number' ? record.v : undefined;
    return { ok: false, reason: 'unsupported-version', detail: `version ${String(record.v)}`, version };
  }
  const type = record.t;
  if (typeof type !== 'string' || !Object.hasOwn(FrameSchemas, type))
    return { ok: false, reason: 'unknown-type', detail: `type ${JSON.stringify(type)?.slice(0, 40)}` };
  const parsed = FrameSchemas[type as keyof typeof FrameSchemas].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'schema', detail: `${type}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}` };
  }
  return { ok: true, frame: parsed.data as Frame };
}
