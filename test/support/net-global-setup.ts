import { cleanupStaleNamespaces } from './netns';

/**
 * A test worker killed with SIGKILL cannot clean up after itself; its
 * namespaces are found by their dead owner's pid file and removed here,
 * before and after the net tier runs. Live runs' namespaces are left alone.
 */
export async function setup(): Promise<void> {
  await cleanupStaleNamespaces().catch(() => 0);
}

export async function teardown(): Promise<void> {
  await cleanupStaleNamespaces().catch(() => 0);
}
