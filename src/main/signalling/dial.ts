import { WebSocket } from 'ws';
import { LanlineError } from '../../core/errors';
import {
  AnswerSchema,
  MAX_SIGNAL_BYTES,
  RefusalSchema,
  SIGNAL_PATH,
  SIGNAL_TIMEOUT_MS,
  parseJson,
  type Answer,
  type Offer,
  type Refusal,
} from './protocol';

function signallingUrl(address: string): string {
  return `ws://${address}${SIGNAL_PATH}`;
}

/** Sends one offer to a node's signalling endpoint and waits for its answer or refusal. */
export function exchangeOffer(address: string, offer: Offer, timeoutMs = SIGNAL_TIMEOUT_MS): Promise<Answer | Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(signallingUrl(address), { maxPayload: MAX_SIGNAL_BYTES, handshakeTimeout: timeoutMs });
    const fail = (error: LanlineError) => {
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(new LanlineError('timeout', `${address} did not answer`)), timeoutMs);
    ws.once('open', () => ws.send(JSON.stringify(offer)));
    ws.once('error', (error) => fail(new LanlineError('peer-unreachable', `cannot reach ${address}: ${error.message}`)));
    ws.once('message', (data) => {
      clearTimeout(timer);
      ws.close();
      const raw = parseJson(data);
      const answer = AnswerSchema.safeParse(raw);
      if (answer.success) return resolve(answer.data);
      const refused = RefusalSchema.safeParse(raw);
      if (refused.success) return resolve(refused.data);
      reject(new LanlineError('peer-unreachable', `${address} sent a malformed answer`));
    });
  });
}
