import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveConfig, type Config } from '../config';

/** Flags every host command (node, serve) accepts; each maps onto one Config field. */
export const hostOptions = {
  'data-dir': { type: 'string' },
  name: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  peer: { type: 'string', multiple: true },
  'no-mdns': { type: 'boolean' },
  role: { type: 'string' },
  'ice-server': { type: 'string', multiple: true },
  'log-level': { type: 'string' },
  'log-json': { type: 'boolean' },
  super: { type: 'boolean' },
  'super-peer': { type: 'string', multiple: true },
  'metrics-port': { type: 'string' },
  'relay-max-clients': { type: 'string' },
  'relay-max-clients-per-address': { type: 'string' },
  'relay-max-circuits': { type: 'string' },
  'relay-rate': { type: 'string' },
  'relay-burst': { type: 'string' },
  'relay-quota': { type: 'string' },
  'relay-capture': { type: 'string' },
  'mailbox-max-per-recipient': { type: 'string' },
  'mailbox-max-bytes-per-recipient': { type: 'string' },
  'mailbox-max-per-depositor': { type: 'string' },
  'mailbox-max-bytes-per-depositor': { type: 'string' },
  'mailbox-max-messages': { type: 'string' },
  'mailbox-max-bytes': { type: 'string' },
  'mailbox-expiry': { type: 'string' },
  'downloads-dir': { type: 'string' },
  'replica-quota': { type: 'string' },
  'replica-per-peer': { type: 'string' },
  'replica-days': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  ki: 2 ** 10,
  mi: 2 ** 20,
  gi: 2 ** 30,
  ti: 2 ** 40,
};

/** "500M", "20G", "1.5TiB", "1048576": decimal or binary units, an optional B. */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]i?)?b?$/i.exec(value.trim());
  const bytes = match ? Number(match[1]) * SIZE_UNITS[(match[2] ?? '').toLowerCase()]! : NaN;
  if (!Number.isFinite(bytes) || bytes < 0 || !Number.isSafeInteger(Math.round(bytes)))
    throw new UsageError(`${flag} must be a size such as 500M, 20G or 1T`);
  return Math.round(bytes);
}

/** `--relay-*` flags, each onto one field of the relay's limits (src/main/relay/limits.ts). */
const relayFlags = {
  'relay-max-clients': 'maxClients',
  'relay-max-clients-per-address': 'maxClientsPerAddress',
  'relay-max-circuits': 'maxCircuitsPerClient',
  'relay-rate': 'bytesPerSecond',
  'relay-burst': 'burstBytes',
  'relay-quota': 'bytesPerHour',
} as const;

/** `--mailbox-*` count and byte flags, each onto one field of the mailbox's limits (src/core/mailbox/limits.ts). */
const mailboxFlags = {
  'mailbox-max-per-recipient': 'maxMessagesPerRecipient',
  'mailbox-max-bytes-per-recipient': 'maxBytesPerRecipient',
  'mailbox-max-per-depositor': 'maxMessagesPerDepositor',
  'mailbox-max-bytes-per-depositor': 'maxBytesPerDepositor',
  'mailbox-max-messages': 'maxMessages',
  'mailbox-max-bytes': 'maxBytes',
} as const;

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `12h`, `7d` (a bare number is seconds). */
export function parseDuration(value: string, flag: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(value.trim());
  const ms = m ? Number(m[1]) * DURATION_UNITS[m[2] || 's']! : NaN;
  if (!Number.isSafeInteger(ms) || ms < 1000) throw new UsageError(`${flag} must be a duration such as 90s, 30m, 12h or 7d`);
  return ms;
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number`);
  return n;
}

/** Flags of the commands that talk to a running node. */
export const clientOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

export function parse<O extends Options>(args: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export class UsageError extends Error {}

export function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0-65535)`);
  return n;
}

export function configFromFlags(values: Parsed<typeof hostOptions>['values']): Config {
  const relay = Object.fromEntries(
    Object.entries(relayFlags)
      .filter(([flag]) => values[flag as keyof typeof relayFlags] !== undefined)
      .map(([flag, field]) => [field, positiveInteger(values[flag as keyof typeof relayFlags]!, `--${flag}`)]),
  );
  const mailbox = Object.fromEntries(
    Object.entries(mailboxFlags)
      .filter(([flag]) => values[flag as keyof typeof mailboxFlags] !== undefined)
      .map(([flag, field]) => [field, positiveInteger(values[flag as keyof typeof mailboxFlags]!, `--${flag}`)]),
  );
  if (values['mailbox-expiry'] !== undefined) mailbox.expiryMs = parseDuration(values['mailbox-expiry'], '--mailbox-expiry');
  try {
    return resolveConfig({
      ...(values['data-dir'] && { dataDir: values['data-dir'] }),
      ...(values.name && { name: values.name }),
      ...(values.host && { host: values.host }),
      ...(values.role && { role: values.role as Config['role'] }),
      superPeer: values.super ?? false,
      superPeers: values['super-peer'] ?? [],
      relay,
      mailbox,
      ...(values['relay-capture'] && { relayCapture: values['relay-capture'] }),
      ...(values['downloads-dir'] && { downloadsDir: resolve(values['downloads-dir']) }),
      replicas: {
        ...(values['replica-quota'] !== undefined && { quotaBytes: parseSize(values['replica-quota'], '--replica-quota') }),
        ...(values['replica-per-peer'] !== undefined && {
          perPeerBytes: Math.max(1, parseSize(values['replica-per-peer'], '--replica-per-peer')),
        }),
        ...(values['replica-days'] !== undefined && { days: positiveInteger(values['replica-days'], '--replica-days') }),
      },
      ...(values['metrics-port'] !== undefined && { metricsPort: parsePort(values['metrics-port'], '--metrics-port') }),
      ...(values['log-level'] && { logLevel: values['log-level'] as Config['logLevel'] }),
      signallingPort: parsePort(values.port, '--port') ?? 0,
      mdns: !values['no-mdns'],
      peers: values.peer ?? [],
      iceServers: (values['ice-server'] ?? []).map((urls) => ({ urls })),
      logJson: values['log-json'] ?? false,
    });
  } catch (error) {
    if (error instanceof Error && 'issues' in error) {
      const issue = (error as { issues: Array<{ path: PropertyKey[]; message: string }> }).issues[0];
      throw new UsageError(`${issue?.path.join('.')}: ${issue?.message}`);
    }
    throw error;
  }
}
