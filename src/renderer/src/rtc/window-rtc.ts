import type { RtcRequest } from '../../../core/api/contract';
import { decodePipeMessage, DRAIN_REPORT_LINK, encodeDrainReport, encodePipeMessage } from '../../../core/api/pipe-framing';
import type { ApiClient } from '../../../core/api/rpc';
import { describeError, missingCase } from '../../../core/errors';
import type { Pipe } from '../../../core/pipe';
import type { RtcHost, RtcIceServer } from '../../../core/rtc/host';
import type { PipeChannel } from '../backend/backend-connection';

/** Bytes from the backend for a link whose data channel is not open yet wait this long at most. */
const EARLY_BYTES_TTL_MS = 10_000;
const EARLY_BYTES_MAX = 1024 * 1024;
/** How often, while bytes wait in a data channel, the backend hears how much has left it. */
const DRAIN_REPORT_MS = 15;

/** The part of PeerConnectionHost this glue drives; a fake in tests. */
export type WindowRtcHostLike = RtcHost & { closeAll(): void };

interface Link {
  pipe?: Pipe;
  /** Backend→peer bytes that arrived before the data channel opened. */
  early: Uint8Array[];
  earlyBytes: number;
  /** Bytes from the backend handed to the data channel, and the last drained count reported back. */
  forwarded: number;
  reported: number;
  /** Peer→backend bytes held until the backend has acknowledged `rtc.state open`. */
  held?: Uint8Array[];
  expireEarly?: ReturnType<typeof setTimeout>;
}

/**
 * Makes this window the owner of its backend's WebRTC connections: it answers
 * `rtc.request` events by driving the peer connection host and bridges each
 * open data channel to the backend over the pipe channel, link id first.
 * Returns a function that stops it and closes every connection.
 */
export function startWindowRtc(api: ApiClient, pipes: PipeChannel, host: WindowRtcHostLike): () => void {
  const links = new Map<number, Link>();
  // Bumped whenever the pipe channel is replaced, so callbacks of an older channel's links stand down.
  let generation = 0;

  const linkFor = (linkId: number): Link => {
    let link = links.get(linkId);
    if (!link) links.set(linkId, (link = { early: [], earlyBytes: 0, forwarded: 0, reported: -1 }));
    return link;
  };

  const forget = (linkId: number) => {
    const link = links.get(linkId);
    if (link?.expireEarly) clearTimeout(link.expireEarly);
    links.delete(linkId);
  };

  const toBackend = (linkId: number, data: Uint8Array) => pipes.send(encodePipeMessage(linkId, data));

  // The backend's uploader paces itself by these reports (core/api/pipe-framing.ts).
  let reporting: ReturnType<typeof setTimeout> | undefined;
  const report = () => {
    reporting = undefined;
    const entries: Array<[number, number]> = [];
    let waiting = false;
    for (const [linkId, link] of links) {
      if (!link.pipe) continue;
      const delivered = link.forwarded - link.pipe.bufferedAmount;
      if (delivered !== link.reported) entries.push([linkId, (link.reported = delivered)]);
      if (delivered < link.forwarded) waiting = true;
    }
    if (entries.length) pipes.send(encodePipeMessage(DRAIN_REPORT_LINK, encodeDrainReport(entries)));
    if (waiting) reporting = setTimeout(report, DRAIN_REPORT_MS);
  };
  const reportSoon = () => (reporting ??= setTimeout(report, DRAIN_REPORT_MS));

  const toPeer = (link: Link, pipe: Pipe, data: Uint8Array) => {
    try {
      pipe.send(data);
      link.forwarded += data.length;
      reportSoon();
    } catch {
      pipe.close(); // a channel that refuses bytes (closed, or its buffer overflowed) cannot carry the link on
    }
  };

  const bridge = (linkId: number) => {
    const born = generation;
    let pipe: Promise<Pipe>;
    try {
      pipe = host.pipe(linkId);
    } catch {
      return; // closed before we got here; the backend has been told by the close itself
    }
    pipe.then(
      async (open) => {
        if (born !== generation) return open.close();
        const link = linkFor(linkId);
        clearTimeout(link.expireEarly);
        link.pipe = open;
        const held: Uint8Array[] = [];
        link.held = held;
        open.onDidReceive((data) => (link.held ? link.held.push(data) : toBackend(linkId, data)));
        open.onDidClose(() => {
          forget(linkId);
          if (born === generation) api.call('rtc.state', { linkId, state: 'closed' }).catch(() => {});
        });
        for (const data of link.early.splice(0)) toPeer(link, open, data);
        link.earlyBytes = 0;
        report(); // says at once that this window reports, so the backend paces by it
        // The backend drops bytes for a link it has not seen open, and in Electron
        // the call and the bytes travel on different channels, so wait for the ack.
        const acknowledged = await api.call('rtc.state', { linkId, state: 'open' }).then(
          () => true,
          () => false,
        );
        if (!acknowledged || born !== generation) return open.close();
        link.held = undefined;
        for (const data of held) toBackend(linkId, data);
      },
      () => forget(linkId),
    );
  };

  const perform = async (request: RtcRequest): Promise<string | undefined> => {
    const iceServers = 'iceServers' in request ? (request.iceServers as RtcIceServer[]) : [];
    switch (request.op) {
      case 'offer': {
        const sdp = await host.createOffer(request.linkId, iceServers);
        bridge(request.linkId);
        return sdp;
      }
      case 'answer': {
        const sdp = await host.acceptOffer(request.linkId, request.sdp, iceServers);
        bridge(request.linkId);
        return sdp;
      }
      case 'complete':
        await host.acceptAnswer(request.linkId, request.sdp);
        return undefined;
      case 'close':
        host.close(request.linkId);
        forget(request.linkId);
        return undefined;
      default:
        return missingCase(request);
    }
  };

  const unsubscribeRequests = api.on('rtc.request', (request) => {
    perform(request)
      .then(
        (sdp) =>
          api.call('rtc.respond', sdp === undefined ? { requestId: request.requestId } : { requestId: request.requestId, sdp }),
        (error: unknown) => api.call('rtc.respond', { requestId: request.requestId, error: describeError(error).slice(0, 500) }),
      )
      .catch(() => {}); // the backend is gone; it has already forgotten the request
  });

  const unsubscribeBytes = pipes.onDidReceive((message) => {
    const piece = decodePipeMessage(message);
    if (!piece) return;
    const link = linkFor(piece.linkId);
    if (link.pipe) return toPeer(link, link.pipe, piece.data);
    if (link.earlyBytes + piece.data.length > EARLY_BYTES_MAX) return;
    link.early.push(piece.data.slice());
    link.earlyBytes += piece.data.length;
    link.expireEarly ??= setTimeout(() => {
      if (!links.get(piece.linkId)?.pipe) forget(piece.linkId);
    }, EARLY_BYTES_TTL_MS);
  });

  // The backend detaches a window whose channel went away, so every link of that channel is void.
  const reset = () => {
    generation++;
    clearTimeout(reporting);
    reporting = undefined;
    host.closeAll();
    for (const linkId of [...links.keys()]) forget(linkId);
  };
  const unsubscribeClose = pipes.onDidClose(reset);
  const unsubscribeOpen = pipes.onDidOpen(() => {
    reset();
    api.call('rtc.attach', {}).catch(() => {}); // a failure here means the channel dropped again; the next open retries
  });

  return () => {
    for (const unsubscribe of [unsubscribeRequests, unsubscribeBytes, unsubscribeClose, unsubscribeOpen]) unsubscribe();
    reset();
  };
}
