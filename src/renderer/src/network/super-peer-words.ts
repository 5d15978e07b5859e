import { loadPercent, type RelayLoad } from '../../../core/super-peer';
import type { RelayStatus, SuperPeerInfo } from '../../../core/super-peer-info';
import { formatMilliseconds } from '../app/human-units';

/** What each state means to the person using it. */
export function superPeerState(info: SuperPeerInfo): { label: string; tone: 'good' | 'idle' | 'bad' } {
  if (info.state === 'failing') return { label: 'Not answering', tone: 'bad' };
  if (info.primary) return { label: 'In use', tone: 'good' };
  return info.state === 'connected' ? { label: 'Connected, standing by', tone: 'idle' } : { label: 'Standing by', tone: 'idle' };
}

/** "12 % busy · 3 of 500 computers · 2 of 1,000 relayed links", or why it is not known. */
export function loadLine(load: RelayLoad | null): string {
  if (!load) return 'Load not reported yet';
  const n = (value: number) => value.toLocaleString('en');
  return `${loadPercent(load)} % busy · ${n(load.clients)} of ${n(load.maxClients)} computers · ${n(load.circuits)} of ${n(load.maxCircuits)} relayed links`;
}

const sourceWords: Record<SuperPeerInfo['sources'][number], string> = {
  mdns: 'found on this network',
  gossip: 'heard of from another super peer',
  config: 'set up by address',
};

/** One line of facts under a super peer's name: how near, what it carries for us, how it was found. */
export function superPeerFacts(info: SuperPeerInfo): string {
  const parts = [
    info.rttMs === null ? 'round trip not measured yet' : `round trip ${formatMilliseconds(info.rttMs)}`,
    info.circuits > 0 ? `carrying ${info.circuits} ${info.circuits === 1 ? 'link' : 'links'} for you` : '',
    info.sources.map((source) => sourceWords[source]).join(', '),
  ];
  return parts.filter(Boolean).join(' · ');
}

/** On a super peer: "Relaying for 12 computers, 3 links open, 4.2 MB relayed". */
export function relaySummary(relay: RelayStatus): string {
  const megabytes = relay.relayedBytes / 1e6;
  const relayed = megabytes < 0.1 ? `${relay.relayedBytes.toLocaleString('en')} bytes` : `${megabytes.toFixed(1)} MB`;
  const computers = `${relay.clients} ${relay.clients === 1 ? 'computer' : 'computers'}`;
  const links = `${relay.circuits} ${relay.circuits === 1 ? 'link' : 'links'} open`;
  return `Relaying for ${computers}, ${links}, ${relayed} relayed since it started`;
}
