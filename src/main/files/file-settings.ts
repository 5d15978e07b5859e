import { isAbsolute, resolve } from 'node:path';
import { LanlineError } from '../../core/errors';
import type { PeerId } from '../../core/identity';
import { defaultDownloadsDir } from './downloads-dir';

export interface SettingsStore {
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
  deleteSetting(key: string): void;
}

const DOWNLOADS = 'files.downloadsDir';
const UPLOAD_LIMIT = 'files.uploadLimit';
const REPLICATE = 'files.replicate';
const autoAcceptKey = (peer: PeerId) => `files.autoAccept.${peer}`;

/**
 * The file service's settings, kept in the settings table: where files land,
 * whose files are accepted without asking, the node's upload cap, and whether
 * shared files are replicated to a super peer by default.
 */
export class FileSettings {
  constructor(
    private readonly store: SettingsStore,
    private readonly dataDir: string,
    /** From the config; the stored setting wins over it. */
    private readonly configuredDownloadsDir: string | undefined,
  ) {}

  downloadsDir(): string {
    return this.store.getSetting(DOWNLOADS) ?? this.configuredDownloadsDir ?? defaultDownloadsDir(this.dataDir);
  }

  setDownloadsDir(dir: string): string {
    if (!isAbsolute(dir)) throw new LanlineError('invalid-input', 'The downloads folder must be an absolute path.');
    this.store.setSetting(DOWNLOADS, resolve(dir));
    return this.downloadsDir();
  }

  autoAccepts(peer: PeerId): boolean {
    return this.store.getSetting(autoAcceptKey(peer)) === 'true';
  }

  setAutoAccept(peer: PeerId, on: boolean): void {
    if (on) this.store.setSetting(autoAcceptKey(peer), 'true');
    else this.store.deleteSetting(autoAcceptKey(peer));
  }

  uploadLimit(): number | undefined {
    const limit = Number(this.store.getSetting(UPLOAD_LIMIT));
    return limit > 0 ? limit : undefined;
  }

  setUploadLimit(bytesPerSecond: number | undefined): void {
    if (bytesPerSecond && bytesPerSecond > 0) this.store.setSetting(UPLOAD_LIMIT, String(Math.round(bytesPerSecond)));
    else this.store.deleteSetting(UPLOAD_LIMIT);
  }

  replicates(): boolean {
    return this.store.getSetting(REPLICATE) === 'true';
  }

  setReplicates(on: boolean): void {
    if (on) this.store.setSetting(REPLICATE, 'true');
    else this.store.deleteSetting(REPLICATE);
  }
}
