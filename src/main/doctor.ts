import type { Engine } from '../core/engine';
import { describeError } from '../core/errors';
import type { Diagnosis } from '../core/model';
import type { ConnectionManager } from './connections';
import type { MdnsDiscovery } from './discovery/mdns';

type Check = Diagnosis['checks'][number];

export interface DoctorParts {
  engine: Engine;
  connections: ConnectionManager;
  discovery: MdnsDiscovery | undefined;
  port: number;
  selfAddresses: () => string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function mdnsChecks({ discovery, engine }: DoctorParts): Promise<Check[]> {
  if (!discovery) {
    const off = 'mDNS is switched off for this node (--no-mdns).';
    return [
      { id: 'mdns-send', status: 'unknown', title: 'Can this computer announce itself with mDNS?', detail: off, fix: null },
      {
        id: 'mdns-receive',
        status: 'unknown',
        title: 'Does this computer hear other Lanline computers?',
        detail: off,
        fix: null,
      },
    ];
  }
  const before = discovery.selfSeenAt ?? 0;
  discovery.requery();
  for (let waited = 0; waited < 2500 && (discovery.selfSeenAt ?? 0) <= before; waited += 100) await sleep(100);
  const sending: Check =
    discovery.selfSeenAt !== undefined
      ? {
          id: 'mdns-send',
          status: 'ok',
          title: 'Can this computer announce itself with mDNS?',
          detail: 'Yes: its own announcement comes back to it.',
          fix: null,
        }
      : {
          id: 'mdns-send',
          status: 'fail',
          title: 'Can this computer announce itself with mDNS?',
          detail: 'No: its announcements are not going out, or not coming back.',
          fix: 'Allow UDP port 5353 (mDNS) in this computer’s firewall, and check that its network connection is up.',
        };
  const heard = discovery.peersHeard;
  const linked = engine.listPeers().filter((p) => p.online).length;
  const receiving: Check =
    heard > 0
      ? {
          id: 'mdns-receive',
          status: 'ok',
          title: 'Does this computer hear other Lanline computers?',
          detail: `Yes: ${heard} other ${heard === 1 ? 'computer' : 'computers'} heard on this network.`,
          fix: null,
        }
      : {
          id: 'mdns-receive',
          status: 'warn',
          title: 'Does this computer hear other Lanline computers?',
          detail:
            linked > 0
              ? `Not over mDNS, although ${linked} connected by address or invite: something blocks mDNS between computers here.`
              : 'Not yet. Nobody else running Lanline has been heard on this network.',
          fix: 'If colleagues run Lanline here, mDNS is being blocked: Wi-Fi access points often isolate clients from each other, and firewalls may drop UDP 5353. Ask IT to allow mDNS, or connect with an invite code instead.',
        };
  return [sending, receiving];
}

async function signallingCheck({ engine, port, selfAddresses }: DoctorParts): Promise<Check> {
  const title = `Can other computers reach this one on port ${port}?`;
  const helpers = engine
    .listPeers()
    .filter((p) => p.online)
    .slice(0, 3);
  const addresses = selfAddresses();
  if (helpers.length === 0 || addresses.length === 0)
    return {
      id: 'signalling',
      status: 'unknown',
      title,
      detail: 'Nobody is connected who could check from the outside.',
      fix: null,
    };
  const failures: string[] = [];
  for (const helper of helpers) {
    for (const address of addresses) {
      try {
        const result = await engine.requestProbe(helper.peerId, address);
        if (result.ok && result.detail === engine.identity.peerId)
          return {
            id: 'signalling',
            status: 'ok',
            title,
            detail: `Yes: ${helper.name} reached this computer at ${address}.`,
            fix: null,
          };
        failures.push(`${helper.name} → ${address}: ${result.ok ? 'another node answered' : result.detail}`);
      } catch (error) {
        failures.push(`${helper.name}: ${describeError(error)}`);
      }
    }
  }
  return {
    id: 'signalling',
    status: 'fail',
    title,
    detail: `No: ${failures.join('; ')}.`,
    fix: `Allow incoming TCP port ${port} and UDP (WebRTC) in this computer’s firewall. Until then others can only be reached when they dial first.`,
  };
}

function peersCheck({ engine, connections }: DoctorParts): { check: Check; peers: Diagnosis['peers'] } {
  const peers = engine
    .listPeers()
    .map((p) => ({ peerId: p.peerId, name: p.name, rttMs: p.quality?.rttMs ?? null, ...connections.dialState(p.peerId) }));
  const linked = peers.filter((p) => p.state === 'linked');
  const failing = peers.filter((p) => p.state === 'failing');
  const title = 'Which computers can this one reach directly?';
  if (peers.length === 0)
    return { peers, check: { id: 'peers', status: 'unknown', title, detail: 'No other computer is known yet.', fix: null } };
  const detail = `Connected directly to ${linked.length} of ${peers.length} known.${failing.length ? ` Failing: ${failing.map((p) => p.name).join(', ')}.` : ''}`;
  return {
    peers,
    check: {
      id: 'peers',
      status: failing.length ? 'warn' : 'ok',
      title,
      detail,
      fix: failing.length
        ? 'Those computers may be switched off, on a network with no route to this one, or blocking UDP. Check that Lanline runs there; across networks, use an invite code.'
        : null,
    },
  };
}

/** The network diagnosis behind `lanline doctor` and the UI's network check. */
export async function diagnose(parts: DoctorParts): Promise<Diagnosis> {
  const [mdns, signalling] = await Promise.all([mdnsChecks(parts), signallingCheck(parts)]);
  const { check, peers } = peersCheck(parts);
  return { checkedAt: Date.now(), checks: [...mdns, signalling, check], peers };
}
