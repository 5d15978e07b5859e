import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { generateSecretKey, identityFromSecretKey, type Identity } from '../core/identity';
import type { Platform } from '../core/platform';

/**
 * The identity key is made on first start and kept in the data folder,
 * readable by the owner only. It never leaves the backend process.
 */
export function loadOrCreateIdentity(dataDir: string, platform: Platform): Identity {
  const path = join(dataDir, 'identity.key');
  if (existsSync(path)) {
    const hex = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new Error(`${path} is not a Lanline identity key; move it away to start with a new identity.`);
    return identityFromSecretKey(hexToBytes(hex));
  }
  const secretKey = generateSecretKey(platform.randomBytes);
  writeFileSync(path, `${bytesToHex(secretKey)}\n`, { mode: 0o600, flag: 'wx' });
  return identityFromSecretKey(secretKey);
}
