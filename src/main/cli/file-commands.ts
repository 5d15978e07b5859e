import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { CallInput } from '../../core/api/contract';
import type { ApiClient } from '../../core/api/rpc';
import { LanlineError } from '../../core/errors';
import { sendWithProgress } from '../../core/files/send-with-progress';
import { summarize, type TransferSnapshot } from '../../core/files/transfer-model';
import { formatBytes, percentDone, progressLine } from '../../core/files/transfer-words';
import { clientOptions, parse, UsageError } from './args';
import { print, withNode, type Command, type Output } from './client';
import { formatTransfers } from './file-format';
import { conversationFlags, names, resolveConversation } from './resolve';

const POLL_MS = 250;

const sendUsage = 'usage: lanline send-file --to PEER | --group GROUP [--text CAPTION] [--replicate] [--no-wait] PATH...';
const filesUsage =
  'usage: lanline files [--with PEER | --group GROUP] | files accept|decline|pause|resume|cancel|reveal OFFER_ID';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An offer id, or a unique prefix of one among this node's transfers. */
async function resolveOffer(api: ApiClient, given: string): Promise<string> {
  const ids = [...new Set((await api.call('files.list', {})).map((t) => t.offerId))];
  const matches = ids.filter((id) => id.startsWith(given.toLowerCase()));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new LanlineError('invalid-input', `No transfer ${given}. Run \`lanline files\` to see them.`);
  throw new LanlineError('invalid-input', `"${given}" matches ${matches.length} offers; give more of the id.`);
}

/** Prints what the recipients' progress looks like until they have it all, or it fails. */
async function follow(api: ApiClient, offerId: string, json: boolean, out: Output & { isTTY?: boolean }): Promise<void> {
  let last = '';
  let lastPrinted = 0;
  for (;;) {
    const files = await api.call('files.list', { offerId });
    const summary = summarize(files, null);
    if (!summary) throw new LanlineError('file-unavailable', 'The offer was withdrawn.');
    const size = files.reduce((n, f) => n + f.size, 0);
    const line = `${percentDone(summary.bytesDone, size)}%  ${progressLine({ ...summary, size })}${
      summary.recipients && summary.recipients.of > 1 ? `  (${summary.recipients.done} of ${summary.recipients.of} have it)` : ''
    }`;
    if (json) {
      const event = JSON.stringify({ event: 'progress', offerId, ...summary, size, files });
      if (event !== last) out.write(`${event}\n`);
      last = event;
    } else if (out.isTTY) out.write(`\r\x1b[2K${line}`);
    else if (line !== last && Date.now() - lastPrinted >= 1000) {
      out.write(`${line}\n`);
      lastPrinted = Date.now();
      last = line;
    }
    const failed = files.find((f) => f.state === 'failed' || f.state === 'cancelled');
    if (failed) {
      if (json) out.write(`${JSON.stringify({ event: 'failed', offerId, error: failed.error })}\n`);
      else if (out.isTTY) out.write('\n');
      throw new LanlineError('file-unavailable', failed.error?.message ?? `${failed.path} was cancelled.`);
    }
    if (files.every((f) => f.state === 'done')) {
      if (json) out.write(`${JSON.stringify({ event: 'done', offerId, files })}\n`);
      else out.write(`${out.isTTY ? '\n' : ''}Delivered: ${files.length === 1 ? files[0]!.name : `${files.length} files`}.\n`);
      return;
    }
    await sleep(POLL_MS);
  }
}

/**
 * `files.send`, telling how far sealing is (a line redrawn on a terminal, a
 * `preparing` event with --json). Ctrl-C while it seals stops it: nothing is shared.
 */
async function send(
  api: ApiClient,
  input: Omit<CallInput<'files.send'>, 'ticket'>,
  json: boolean,
  out: Output & { isTTY?: boolean },
) {
  let drawn = false;
  const onProgress = (bytesDone: number, total: number) => {
    if (json) out.write(`${JSON.stringify({ event: 'preparing', bytesDone, total })}\n`);
    else if (out.isTTY) {
      out.write(`\r\x1b[2KEncrypting ${percentDone(bytesDone, total)}%  ${formatBytes(bytesDone)} of ${formatBytes(total)}`);
      drawn = true;
    }
  };
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  process.once('SIGINT', interrupt);
  try {
    const ticket = randomBytes(12).toString('hex');
    return await sendWithProgress(api, input, { ticket, onProgress, signal: interrupted.signal });
  } finally {
    process.off('SIGINT', interrupt);
    if (drawn) out.write('\n');
  }
}

export const fileCommands: Record<string, Command> = {
  'send-file': {
    summary: 'share files or folders: lanline send-file --to PEER | --group GROUP PATH...',
    async run(args, out) {
      const { values, positionals } = parse(args, {
        ...clientOptions,
        ...conversationFlags('to'),
        text: { type: 'string' },
        replicate: { type: 'boolean' },
        'no-wait': { type: 'boolean' },
      });
      if ((!values.to && !values.group) || positionals.length === 0) throw new UsageError(sendUsage);
      const paths = positionals.map((p) => resolve(p));
      const json = values.json ?? false;
      await withNode(values['data-dir'], async (api) => {
        const to = await resolveConversation(api, { peer: values.to, group: values.group });
        if (!json) out.write(`Preparing ${paths.length === 1 ? paths[0] : `${paths.length} items`}…\n`);
        const input = { to, paths, text: values.text, replicate: values.replicate };
        const sent = await send(api, input, json, out as Output & { isTTY?: boolean });
        const offerId = sent.transfers[0]!.offerId;
        if (json) out.write(`${JSON.stringify({ event: 'offered', offerId, message: sent.message, files: sent.transfers })}\n`);
        else out.write(`Offered ${sent.message.file?.name ?? ''} (offer ${offerId}).\n`);
        if (!values['no-wait']) await follow(api, offerId, json, out as Output & { isTTY?: boolean });
      });
    },
  },
  files: {
    summary: 'list file transfers, or accept, decline, pause, resume, cancel or reveal one',
    async run(args, out) {
      const { values, positionals } = parse(args, {
        ...clientOptions,
        ...conversationFlags('with'),
        entry: { type: 'string' },
      });
      const [sub, id] = positionals;
      const entry = values.entry === undefined ? undefined : Number(values.entry);
      if (entry !== undefined && !(Number.isInteger(entry) && entry >= 0)) throw new UsageError('--entry must be a file number');
      if (!sub) {
        const { list, who } = await withNode(values['data-dir'], async (api) => {
          const conversation =
            values.with || values.group ? await resolveConversation(api, { peer: values.with, group: values.group }) : undefined;
          return { list: await api.call('files.list', { conversation }), who: await names(api) };
        });
        return print(out, values.json, list, () => formatTransfers(list, who));
      }
      if (!id) throw new UsageError(filesUsage);
      const result = await withNode(values['data-dir'], async (api): Promise<TransferSnapshot[] | { path: string }> => {
        const offerId = await resolveOffer(api, id);
        switch (sub) {
          case 'accept':
            return api.call('files.accept', { offerId });
          case 'decline':
            return api.call('files.decline', { offerId });
          case 'pause':
            return api.call('files.pause', { offerId, entry });
          case 'resume':
            return api.call('files.resume', { offerId, entry });
          case 'cancel':
            return api.call('files.cancel', { offerId, entry });
          case 'reveal':
            return api.call('files.reveal', { offerId, entry });
          default:
            throw new UsageError(filesUsage);
        }
      });
      if ('path' in result) return print(out, values.json, result, () => `Opened the folder of ${result.path}.`);
      print(out, values.json, result, () => formatTransfers(result, new Map()));
    },
  },
};
