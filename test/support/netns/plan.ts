/**
 * Turns a LanSpec into names, addresses and routes, and rejects a spec that
 * cannot be built before any namespace exists.
 */
import { formatCidr, formatIp, parseCidr, within, type Cidr } from './cidr';
import { LanSpecError } from './errors';

export interface LanSpec {
  /** Default: one subnet `a`. A subnet without cidr gets 198.18.<position + 1>.0/24. */
  subnets?: { id: string; cidr?: string }[];
  /** A count (hosts h1…hN on the first subnet) or named hosts with the subnets each joins. */
  hosts: number | { name: string; subnets: string[] }[];
  /** How long destroy() waits after SIGTERM before SIGKILL. Default 2000 ms. */
  killGraceMs?: number;
  /**
   * Give each host a default route on its first subnet, as office machines
   * have. Chromium gathers ICE candidates only on the default route's
   * interface unless the page holds a media permission. The route leads
   * nowhere: the bridges have no uplink.
   */
  gateway?: boolean;
  /**
   * Hosts that route IP between the subnets they join (net.ipv4.ip_forward=1
   * in their namespace). Every other host gets a route to each subnet it is not
   * on, via a router's address on the host's first subnet. Multicast is never
   * forwarded, so mDNS stays within a subnet.
   */
  routers?: string[];
}

// RFC 2544 benchmarking range: never routed on a real network, so a test cannot reach anything real.
const TEST_NET = parseCidr('198.18.0.0/15');
const MULTICAST_ROUTE = '224.0.0.0/4';

export interface SubnetPlan extends Cidr {
  id: string;
  ns: string;
}

export interface Attachment {
  subnet: SubnetPlan;
  /** Interface name inside the host namespace. */
  iface: string;
  /** Peer's name inside the switch namespace. */
  port: string;
  address: string;
}

/** A hand-added route; the kernel drops it when `dev` goes down and never puts it back. */
export interface Route {
  to: string;
  dev: string;
  via?: string;
}

interface Placement {
  name: string;
  ns: string;
  attachments: Attachment[];
}

export interface HostPlan extends Placement {
  router: boolean;
  routes: Route[];
}

export interface LanPlan {
  subnets: SubnetPlan[];
  hosts: HostPlan[];
}

export function planLan(spec: LanSpec, id: string): LanPlan {
  const subnets = planSubnets(spec, id);
  const placements = placeHosts(spec, id, subnets);
  const routers = pickRouters(spec.routers ?? [], placements);
  const hosts = placements.map((host): HostPlan => ({
    ...host,
    router: routers.includes(host),
    routes: routesOf(host, routers, subnets, spec.gateway ?? false),
  }));
  return { subnets, hosts };
}

/** `ip route` batch lines; `replace` so that linkUp() can apply them again. */
export function routeCommands(routes: Route[]): string[] {
  return routes.map((r) => `route replace ${r.to}${r.via ? ` via ${r.via}` : ''} dev ${r.dev}`);
}

function planSubnets(spec: LanSpec, id: string): SubnetPlan[] {
  const subnetSpecs = spec.subnets ?? [{ id: 'a' }];
  if (subnetSpecs.length === 0) throw new LanSpecError('a LAN needs at least one subnet');
  const subnets = subnetSpecs.map((s, i): SubnetPlan => {
    if (!/^[a-z0-9]{1,8}$/.test(s.id)) throw new LanSpecError(`subnet id must be 1–8 of [a-z0-9]: ${s.id}`);
    const cidr = parseCidr(s.cidr ?? `198.18.${i + 1}.0/24`);
    if (!within(cidr, TEST_NET)) throw new LanSpecError(`subnet ${s.id} must lie inside 198.18.0.0/15`);
    return { ...cidr, id: s.id, ns: `${id}-sw.${s.id}` };
  });
  if (new Set(subnets.map((s) => s.id)).size !== subnets.length) throw new LanSpecError('subnet ids must be unique');
  subnets.forEach((a, i) =>
    subnets.slice(i + 1).forEach((b) => {
      if (within(a, b) || within(b, a)) throw new LanSpecError(`subnets ${a.id} and ${b.id} overlap`);
    }),
  );
  return subnets;
}

function placeHosts(spec: LanSpec, id: string, subnets: SubnetPlan[]): Placement[] {
  const byId = new Map(subnets.map((s) => [s.id, s]));
  const hostSpecs =
    typeof spec.hosts === 'number'
      ? Array.from({ length: spec.hosts }, (_, i) => ({ name: `h${i + 1}`, subnets: [subnets[0]!.id] }))
      : spec.hosts;
  if (hostSpecs.length === 0) throw new LanSpecError('a LAN needs at least one host');
  if (new Set(hostSpecs.map((h) => h.name)).size !== hostSpecs.length) throw new LanSpecError('host names must be unique');
  return hostSpecs.map((h, i): Placement => {
    if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(h.name)) throw new LanSpecError(`host name must be [a-z0-9-], ≤ 20: ${h.name}`);
    if (h.subnets.length === 0 || new Set(h.subnets).size !== h.subnets.length) {
      throw new LanSpecError(`host ${h.name} must join one or more distinct subnets`);
    }
    const attachments = h.subnets.map((subnetId, k): Attachment => {
      const subnet = byId.get(subnetId);
      if (!subnet) throw new LanSpecError(`host ${h.name} joins unknown subnet ${subnetId}`);
      // Host i is .10+i on every subnet it joins, so an address tells you the host.
      const offset = 10 + i + 1;
      if (offset >= 2 ** (32 - subnet.prefix) - 1) throw new LanSpecError(`subnet ${subnetId} is too small for ${h.name}`);
      return { subnet, iface: `eth${k}`, port: `p${i + 1}`, address: formatIp(subnet.network + offset) };
    });
    return { name: h.name, ns: `${id}-${h.name}`, attachments };
  });
}

function pickRouters(names: string[], hosts: Placement[]): Placement[] {
  if (new Set(names).size !== names.length) throw new LanSpecError('router names must be unique');
  return names.map((name) => {
    const host = hosts.find((h) => h.name === name);
    if (!host) throw new LanSpecError(`router ${name} is not a host of this LAN`);
    if (host.attachments.length < 2) throw new LanSpecError(`router ${name} must join two or more subnets`);
    return host;
  });
}

/**
 * Multicast (and the default route, when asked) on the first interface: mDNS
 * sockets need a route for 224.0.0.251 even on a LAN with no gateway. Then,
 * for hosts that are not routers, one hop to each subnet the host is not on.
 */
function routesOf(host: Placement, routers: Placement[], subnets: SubnetPlan[], gateway: boolean): Route[] {
  const first = host.attachments[0]!.iface;
  const routes: Route[] = [{ to: MULTICAST_ROUTE, dev: first }, ...(gateway ? [{ to: 'default', dev: first }] : [])];
  if (routers.includes(host)) return routes;
  for (const subnet of subnets) {
    if (host.attachments.some((a) => a.subnet === subnet)) continue;
    const hop = nextHop(host, subnet, routers);
    if (hop) routes.push({ to: formatCidr(subnet), ...hop });
  }
  return routes;
}

/** A router on both `to` and one of the host's subnets, trying the host's subnets in order. */
function nextHop(host: Placement, to: SubnetPlan, routers: Placement[]): { dev: string; via: string } | undefined {
  for (const mine of host.attachments) {
    for (const router of routers) {
      const near = router.attachments.find((a) => a.subnet === mine.subnet);
      if (near && router.attachments.some((a) => a.subnet === to)) return { dev: mine.iface, via: near.address };
    }
  }
  return undefined;
}
