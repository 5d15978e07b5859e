import type { Capabilities } from '../../../core/model';
import { formatGigabytes, formatRate, formatUptime } from '../app/human-units';

/** What this computer measured about itself, as label and value pairs in the order a person scans them. */
export function capabilityRows(c: Capabilities): { label: string; value: string }[] {
  return [
    { label: 'Processor cores', value: String(c.cores) },
    { label: 'Free memory', value: formatGigabytes(c.freeMemoryBytes) },
    { label: 'Free disk', value: c.freeDiskBytes === null ? 'unknown' : formatGigabytes(c.freeDiskBytes) },
    { label: 'Up for', value: formatUptime(c.uptimeSeconds) },
    { label: 'On battery', value: c.onBattery === null ? 'unknown' : c.onBattery ? 'yes' : 'no' },
    {
      label: 'Best upload seen',
      value: c.uplinkBytesPerSecond === null ? 'not measured yet' : formatRate(c.uplinkBytesPerSecond),
    },
    { label: 'Reached from other subnets', value: c.reachableFromOtherSubnets ? 'yes' : 'not yet' },
  ];
}
