/**
 * Virtual LANs for the net test tier. Each host is a Linux network namespace;
 * each subnet is a bridge inside its own "switch" namespace. Nothing is added
 * to the machine's own namespace, so mDNS never reaches a real interface.
 *
 * ```ts
 * const lan = await createLan({ hosts: 2 });
 * try {
 *   const node = lan.host('h1').spawn('node', ['bin/lanline.js', 'node']);
 *   // … lan.host('h2').address is 198.18.1.12 …
 * } finally {
 *   await lan.destroy();
 * }
 * ```
 *
 * Subnets are apart unless `routers` joins them, as an office's VLANs are:
 * unicast crosses the router, multicast (so mDNS) does not.
 *
 * ```ts
 * await createLan({
 *   subnets: [{ id: 'a' }, { id: 'b' }],
 *   hosts: [
 *     { name: 'h1', subnets: ['a'] },
 *     { name: 'h2', subnets: ['b'] },
 *     { name: 'r1', subnets: ['a', 'b'] },
 *   ],
 *   routers: ['r1'],
 * });
 * ```
 *
 * Namespaces are named `ll-<run>-<host>` and `ll-<run>-sw.<subnet>`. The
 * owning pid is kept in /tmp/lanline-netns/<run>.pid so that
 * cleanupStaleNamespaces() removes a crashed run's leftovers and never a live
 * run's (another test file may be using its LAN right now). A net-tier global
 * setup should call it; a LAN whose worker was SIGKILLed is only removed then.
 *
 * Needs root, iproute2 (`ip`, `tc`) and a kernel with veth and bridge; shaping
 * delay or loss also needs sch_netem. Runs in vitest's forks pool (see
 * installExitHook in netns/lan.ts for why not threads).
 *
 * Inside netns/: plan (spec → addresses and routes), cidr, ip (running ip and
 * tc), namespaces, ownership (pid files, stale cleanup), availability, shaping,
 * host, lan (build and teardown), errors.
 */
export { netAvailability, netemAvailability, type NetAvailability } from './netns/availability';
export { LanSpecError, NetemUnavailableError, NetnsCommandError } from './netns/errors';
export type { Host } from './netns/host';
export { createLan, type VirtualLan } from './netns/lan';
export { cleanupStaleNamespaces } from './netns/ownership';
export type { LanSpec } from './netns/plan';
export type { ShapeOptions } from './netns/shaping';
