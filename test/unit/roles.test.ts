import { describe, expect, it } from 'vitest';
import { classifyRole, ROLE_THRESHOLDS } from '../../src/main/capabilities';
import type { Capabilities } from '../../src/core/model';

const GiB = 1024 ** 3;
const server: Capabilities = {
  cores: 8,
  freeMemoryBytes: 16 * GiB,
  freeDiskBytes: 500 * GiB,
  uptimeSeconds: 30 * 24 * 3600,
  onBattery: false,
  uplinkBytesPerSecond: 50e6,
  reachableFromOtherSubnets: true,
};

describe('role classification', () => {
  it('a well-connected always-on server is infrastructure', () => {
    expect(classifyRole(server)).toBe('infrastructure');
  });

  it('not being reachable from other subnets caps it at super', () => {
    expect(classifyRole({ ...server, reachableFromOtherSubnets: false })).toBe('super');
  });

  it('a laptop on battery is always basic, however strong', () => {
    expect(classifyRole({ ...server, onBattery: true })).toBe('basic');
  });

  it('a fresh boot is not yet trusted to stay up', () => {
    expect(classifyRole({ ...server, uptimeSeconds: 60 })).toBe('enhanced');
  });

  it('each level falls to the one below when a single figure is short', () => {
    const justSuper: Capabilities = {
      cores: ROLE_THRESHOLDS.super.cores,
      freeMemoryBytes: ROLE_THRESHOLDS.super.freeMemoryBytes,
      freeDiskBytes: ROLE_THRESHOLDS.super.freeDiskBytes,
      uptimeSeconds: ROLE_THRESHOLDS.super.uptimeSeconds,
      onBattery: null,
      uplinkBytesPerSecond: ROLE_THRESHOLDS.super.uplinkBytesPerSecond,
      reachableFromOtherSubnets: false,
    };
    expect(classifyRole(justSuper)).toBe('super');
    expect(classifyRole({ ...justSuper, uplinkBytesPerSecond: null })).toBe('enhanced');
    expect(classifyRole({ ...justSuper, cores: 1 })).toBe('basic');
  });
});
