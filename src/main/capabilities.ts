import { existsSync, readdirSync, readFileSync, statfsSync } from 'node:fs';
import { availableParallelism, freemem, uptime } from 'node:os';
import { join } from 'node:path';
import type { Capabilities, Role } from '../core/model';

const GiB = 1024 ** 3;
const MB = 1e6;

/**
 * What each role needs. A node meets a level when it meets every figure of
 * that level; docs/ROLES.md explains the choice of numbers. Uplink and
 * cross-subnet reachability count only once they have been observed.
 */
export const ROLE_THRESHOLDS = {
  enhanced: {
    cores: 2,
    freeMemoryBytes: 1 * GiB,
    freeDiskBytes: 5 * GiB,
    uptimeSeconds: 0,
    uplinkBytesPerSecond: 0,
    needsOtherSubnets: false,
  },
  super: {
    cores: 2,
    freeMemoryBytes: 2 * GiB,
    freeDiskBytes: 20 * GiB,
    uptimeSeconds: 4 * 3600,
    uplinkBytesPerSecond: 1 * MB,
    needsOtherSubnets: false,
  },
  infrastructure: {
    cores: 4,
    freeMemoryBytes: 4 * GiB,
    freeDiskBytes: 100 * GiB,
    uptimeSeconds: 24 * 3600,
    uplinkBytesPerSecond: 10 * MB,
    needsOtherSubnets: true,
  },
} as const;

export function classifyRole(c: Capabilities): Role {
  const meets = (t: (typeof ROLE_THRESHOLDS)[keyof typeof ROLE_THRESHOLDS]) =>
    c.onBattery !== true &&
    c.cores >= t.cores &&
    c.freeMemoryBytes >= t.freeMemoryBytes &&
    (c.freeDiskBytes ?? 0) >= t.freeDiskBytes &&
    c.uptimeSeconds >= t.uptimeSeconds &&
    (t.uplinkBytesPerSecond === 0 || (c.uplinkBytesPerSecond ?? 0) >= t.uplinkBytesPerSecond) &&
    (!t.needsOtherSubnets || c.reachableFromOtherSubnets);
  if (meets(ROLE_THRESHOLDS.infrastructure)) return 'infrastructure';
  if (meets(ROLE_THRESHOLDS.super)) return 'super';
  if (meets(ROLE_THRESHOLDS.enhanced)) return 'enhanced';
  return 'basic';
}

/** Linux reports power supplies in sysfs; elsewhere we do not guess. */
function onBattery(): boolean | null {
  const root = '/sys/class/power_supply';
  if (process.platform !== 'linux' || !existsSync(root)) return null;
  try {
    const supplies = readdirSync(root).map((name) => {
      const read = (file: string) => readFileSync(join(root, name, file), 'utf8').trim();
      const type = existsSync(join(root, name, 'type')) ? read('type') : '';
      return {
        type,
        online: type === 'Mains' && read('online') === '1',
        discharging: type === 'Battery' && read('status') === 'Discharging',
      };
    });
    if (!supplies.some((s) => s.type === 'Battery')) return false; // a desktop or server
    return supplies.some((s) => s.discharging) || !supplies.some((s) => s.online);
  } catch {
    return null;
  }
}

function freeDisk(path: string): number | null {
  try {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

export interface Observed {
  uplinkBytesPerSecond: number | null;
  reachableFromOtherSubnets: boolean;
}

export function measureCapabilities(dataDir: string, observed: Observed): Capabilities {
  return {
    cores: availableParallelism(),
    freeMemoryBytes: freemem(),
    freeDiskBytes: freeDisk(dataDir),
    uptimeSeconds: Math.round(uptime()),
    onBattery: onBattery(),
    ...observed,
  };
}
