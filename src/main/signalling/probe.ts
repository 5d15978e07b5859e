import { IDENTITY_PATH } from './protocol';

/** Checks that a Lanline signalling endpoint answers at `address`, and whose it is. */
export async function probeSignalling(address: string, timeoutMs = 3000): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(`http://${address}${IDENTITY_PATH}`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json()) as { service?: unknown; peerId?: unknown };
    if (body.service !== 'lanline' || typeof body.peerId !== 'string')
      return { ok: false, detail: `${address} is not a Lanline node` };
    return { ok: true, detail: body.peerId };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, detail: cause ?? (error instanceof Error ? error.name : 'failed') };
  }
}
