import type { Engine } from '../../core/engine';
import { describeError, LanlineError } from '../../core/errors';
import type { PeerId } from '../../core/identity';
import { secureChannel, type SecurePipe } from '../../core/noise/secure-pipe';
import type { Pipe } from '../../core/pipe';
import type { Logger } from '../../core/platform';
import type { RtcHost, RtcIceServer } from '../../core/rtc/host';
import { checkSignal, refusal, signSignal, type Answer, type Offer, type Refusal } from '../signalling/protocol';
import { PreambleReader, sendPreamble } from './relayed-dial';
import type { RelayDialer } from './super-peers';

/**
 * Dialling through a super peer (docs/SUPER-PEERS.md). A circuit through the
 * relay carries a Noise secure channel between the two peers; inside it the
 * usual signed offer and answer are exchanged, so WebRTC gets its chance
 * (a peer that cannot be dialled may still be reachable over UDP). If the data
 * channel opens, the circuit closes and the link is direct; if not, the
 * secure channel itself becomes the link. Either way the engine's hello runs
 * on top, so the link is as proven as any other.
 */
export interface RelayedDialContext {
  engine: Engine;
  rtc: RtcHost;
  iceServers: RtcIceServer[];
  log: Logger;
  now(): number;
  randomBytes(n: number): Uint8Array;
  /** How long WebRTC may take to open through relayed signalling before the relayed pipe is used instead. */
  rtcTimeoutMs: number;
  nextLinkId(): number;
  /** The glare rule of /signal: a refusal when our own dial to `from` should win, else undefined (ours is cancelled). */
  resolveGlare(from: PeerId): Refusal | undefined;
}

const ANSWER_TIMEOUT_MS = 10_000;

function waitOrTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      () => (clearTimeout(timer), resolve(undefined)),
    );
  });
}

/** Opens a verified link to `peerId` through a super peer; resolves with how the link ended up travelling. */
export async function dialThroughRelay(
  ctx: RelayedDialContext,
  relay: RelayDialer,
  peerId: PeerId,
  attempt: { cancelled: boolean },
): Promise<'rtc' | 'relay'> {
  const { engine, rtc } = ctx;
  const cancelled = () => {
    if (attempt.cancelled) throw new LanlineError('closed', 'superseded by the peer’s own connection');
  };
  const circuit = await relay.openCircuit(peerId);
  let pipe: SecurePipe;
  try {
    pipe = await secureChannel(circuit, {
      identity: engine.identity,
      initiator: true,
      remote: peerId,
      randomBytes: ctx.randomBytes,
    });
  } catch (error) {
    circuit.close();
    throw new LanlineError('peer-unreachable', `the relayed secure channel failed: ${describeError(error)}`);
  }
  const reader = new PreambleReader(pipe);
  const linkId = ctx.nextLinkId();
  try {
    cancelled();
    const sdp = await rtc.createOffer(linkId, ctx.iceServers);
    const offer = signSignal<Offer>(engine.identity, {
      t: 'offer',
      from: engine.identity.peerId,
      to: peerId,
      sdp,
      ts: ctx.now(),
    });
    sendPreamble(pipe, { t: 'dial', offer });
    const reply = await reader.next(['answer', 'refuse', 'no-rtc'], ANSWER_TIMEOUT_MS);
    if (reply.t === 'refuse') {
      const code = reply.refusal.code === 'glare' ? 'closed' : 'peer-unreachable';
      throw new LanlineError(code, `refused through the relay: ${reply.refusal.reason}`);
    }
    let direct: Pipe | undefined;
    if (reply.t === 'answer') {
      const problem = checkSignal(reply.answer, engine.identity.peerId, ctx.now());
      if (problem || reply.answer.from !== peerId)
        throw new LanlineError('bad-signature', `relayed answer rejected: ${problem ?? 'wrong peer'}`);
      cancelled();
      await rtc.acceptAnswer(linkId, reply.answer.sdp);
      direct = await waitOrTimeout(rtc.pipe(linkId), ctx.rtcTimeoutMs);
    }
    cancelled();
    if (direct) {
      sendPreamble(pipe, { t: 'use', via: 'rtc' });
      reader.detach();
      pipe.close();
      await engine.attach(direct, peerId, { dialled: true });
      return 'rtc';
    }
    rtc.close(linkId);
    sendPreamble(pipe, { t: 'use', via: 'relay' });
    // Synchronously from here: the link must be listening before the peer's hello can arrive.
    reader.detach();
    await engine.attach(pipe, peerId, { dialled: true });
    return 'relay';
  } catch (error) {
    rtc.close(linkId);
    reader.detach();
    pipe.close();
    throw error;
  }
}

/** Answers a circuit someone opened to us, the mirror image of dialThroughRelay. */
export async function answerThroughRelay(ctx: RelayedDialContext, circuit: Pipe & { remote: PeerId }): Promise<void> {
  const { engine, rtc, log } = ctx;
  const from = circuit.remote;
  let pipe: SecurePipe;
  try {
    // The relay only claims who opened the circuit; the handshake proves it.
    pipe = await secureChannel(circuit, {
      identity: engine.identity,
      initiator: false,
      remote: from,
      randomBytes: ctx.randomBytes,
    });
  } catch (error) {
    circuit.close();
    log.warn('refused a relayed connection', { peer: from, reason: describeError(error) });
    return;
  }
  const reader = new PreambleReader(pipe, (message) => message.t === 'use');
  let linkId: number | undefined;
  try {
    const { offer } = await reader.next(['dial'], ANSWER_TIMEOUT_MS);
    const problem = checkSignal(offer, engine.identity.peerId, ctx.now());
    if (problem || offer.from !== from) {
      sendPreamble(pipe, { t: 'refuse', refusal: refusal('bad-request', problem ?? 'offer from another peer') });
      throw new LanlineError('bad-signature', `relayed offer rejected: ${problem ?? 'offer from another peer'}`);
    }
    const glare = ctx.resolveGlare(from);
    if (glare) {
      sendPreamble(pipe, { t: 'refuse', refusal: glare });
      return void setTimeout(() => pipe.close(), 1000);
    }
    let direct: Promise<Pipe> | undefined;
    if (rtc.available) {
      linkId = ctx.nextLinkId();
      const sdp = await rtc.acceptOffer(linkId, offer.sdp, ctx.iceServers);
      direct = rtc.pipe(linkId);
      direct.catch(() => {});
      const answer = signSignal<Answer>(engine.identity, {
        t: 'answer',
        from: engine.identity.peerId,
        to: from,
        sdp,
        ts: ctx.now(),
      });
      sendPreamble(pipe, { t: 'answer', answer });
    } else sendPreamble(pipe, { t: 'no-rtc' });
    const { via } = await reader.next(['use'], ctx.rtcTimeoutMs + ANSWER_TIMEOUT_MS);
    reader.detach();
    if (via === 'relay' || !direct) {
      if (linkId !== undefined) rtc.close(linkId);
      await engine.attach(pipe, from, { dialled: false });
      return;
    }
    pipe.close();
    await engine.attach(await direct, from, { dialled: false });
  } catch (error) {
    if (linkId !== undefined) rtc.close(linkId);
    reader.detach();
    pipe.close();
    log.debug('relayed connection failed', { peer: from, error: describeError(error) });
  }
}
