import type { Status } from '../../../core/model';

/** The host:port pairs other people can dial to reach this node. */
export function reachableAt(status: Status | undefined): string[] {
  return status ? status.addresses.map((address) => `${address}:${status.signallingPort}`) : [];
}
