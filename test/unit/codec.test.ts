import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes';
import { decodeFrame, encodeFrame } from '../../src/core/wire/codec';
import { MAX_FRAME_BYTES } from '../../src/core/wire/frames';

const decode = (value: unknown) => decodeFrame(utf8.encode(typeof value === 'string' ? value : JSON.stringify(value)));

describe('wire codec', () => {
  it('round-trips a frame and stamps the protocol version', () => {
    const bytes = encodeFrame({ t: 'ack', id: 'a'.repeat(26) });
    expect(JSON.parse(utf8.decode(bytes))).toEqual({ v: 1, t: 'ack', id: 'a'.repeat(26) });
    expect(decodeFrame(bytes)).toEqual({ ok: true, frame: { v: 1, t: 'ack', id: 'a'.repeat(26) } });
  });

  it.each([
    ['oversized', new Uint8Array(MAX_FRAME_BYTES + 1)],
    ['malformed', utf8.encode('{')],
    ['malformed', new Uint8Array([0x22, 0xff, 0x22])],
    ['malformed', utf8.encode('[1,2]')],
    ['unsupported-version', utf8.encode('{"v":2,"t":"ack"}')],
    ['unsupported-version', utf8.encode('{"t":"ack"}')],
    ['unknown-type', utf8.encode('{"v":1,"t":"__proto__"}')],
    ['schema', utf8.encode(`{"v":1,"t":"ack","id":"${'a'.repeat(26)}","more":1}`)],
    ['schema', utf8.encode('{"v":1,"t":"ack","id":"short"}')],
  ])('drops %s input', (reason, bytes) => {
    expect(decodeFrame(bytes)).toMatchObject({ ok: false, reason });
  });

  it('says which field failed', () => {
    const result = decode({ v: 1, t: 'ping', n: -1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail).toMatch(/^ping: n /);
  });

  it('refuses to encode a frame over the limit', () => {
    expect(() => encodeFrame({ t: 'error', code: 'x', reason: 'y'.repeat(MAX_FRAME_BYTES) })).toThrow(RangeError);
  });
});
