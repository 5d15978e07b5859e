import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AddressSchema } from '../core/api/contract';
import { MailboxLimitsSchema } from '../core/mailbox/limits';
import { RoleSchema } from '../core/model';
import { RelayLimitsSchema } from './relay/limits';

/** The OS's per-user application data folder, as Electron's `userData` would choose it. */
export function defaultDataDir(env = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Lanline');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Lanline');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Lanline');
}

const IceServerSchema = z.strictObject({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/**
 * Every setting of a backend, with its default. The CLI flags, the desktop
 * app and the tests all build one of these; README.md documents them.
 */
export const ConfigSchema = z.strictObject({
  /** Identity, database and control socket live here. One node per folder. */
  dataDir: z.string().min(1),
  /** Display name on first start; later the stored name wins. */
  name: z.string().trim().min(1).max(64).optional(),
  /** Pins the advertised role instead of measuring it. */
  role: RoleSchema.optional(),
  /** TCP port of the signalling endpoint; 0 picks a free one. */
  signallingPort: z.number().int().min(0).max(65535).default(0),
  /** Interface address to bind signalling to; all interfaces by default. */
  host: z.string().default('0.0.0.0'),
  /** Announce and browse `_lanline._tcp` on the LAN. */
  mdns: z.boolean().default(true),
  /** Peers to dial at start, as host:port, for networks mDNS does not reach. */
  peers: z.array(AddressSchema).default([]),
  /** STUN/TURN servers. Empty on a LAN: host candidates need none. */
  iceServers: z.array(IceServerSchema).default([]),
  /** Act as a super peer: pin the role `super` and serve the relay, mailbox and directory (docs/SUPER-PEERS.md). */
  superPeer: z.boolean().default(false),
  /** Super peers to use, as host:port, besides those found by mDNS and gossip. */
  superPeers: z.array(AddressSchema).default([]),
  /** What a super peer's relay allows each client and in total. */
  relay: RelayLimitsSchema.prefault({}),
  /** What a super peer's mailbox holds per recipient, per depositor and in total, and for how long. */
  mailbox: MailboxLimitsSchema.prefault({}),
  /** On a super peer: append every relayed payload to this file, an audit of all the relay ever sees. */
  relayCapture: z.string().min(1).optional(),
  /** Serve Prometheus metrics and a status page on 127.0.0.1 at this port. */
  metricsPort: z.number().int().min(0).max(65535).optional(),
  /**
   * On a super peer: keep the ciphertext of files others share, so they stay
   * available while their owners are away (docs/FILES.md, "Replication").
   * Nothing is kept unless a quota is given.
   */
  replicas: z
    .strictObject({
      quotaBytes: z.number().int().nonnegative().default(0),
      /** One owner's replicas together; a quarter of the quota unless given. */
      perPeerBytes: z.number().int().positive().optional(),
      /** A replica lapses this many days after its owner last asked for it. */
      days: z.number().positive().default(30),
    })
    .prefault({}),
  /** Where received files land; see files/downloads-dir.ts for the default. The UI's setting overrides it. */
  downloadsDir: z.string().min(1).optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  logJson: z.boolean().default(false),
});

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export function resolveConfig(input: Partial<ConfigInput>): Config {
  return ConfigSchema.parse({ dataDir: defaultDataDir(), ...input });
}

export const APP_VERSION = '0.1.0';
