import type { CSSProperties } from 'react';
import type { Peer } from '../../../core/model';
import { displayNameOf, hueOf, initialsOf } from '../people/peer-appearance';
import { roleWords } from '../people/role-words';
import { gradeOf, qualityTooltip, rttText } from './link-quality-words';
import { layoutNetwork, NODE_RADIUS, SELF_RADIUS, type LabelSide, type Placement } from './network-layout';

/** Long names are cut on the map; the list beside it and the tooltip carry them whole. */
const NAME_MAX = 14;
const LABEL_GAP = 8;
const LINE_STEP = 14;

function shortName(name: string): string {
  const chars = Array.from(name);
  return chars.length > NAME_MAX ? `${chars.slice(0, NAME_MAX - 1).join('')}…` : name;
}

/** A link through a super peer is drawn dashed. */
function linkStyle(peer: Peer): 'direct' | 'relayed' {
  return peer.link === 'direct' ? 'direct' : 'relayed';
}

const textAnchor: Record<LabelSide, 'start' | 'middle' | 'end'> = {
  above: 'middle',
  below: 'middle',
  left: 'end',
  right: 'start',
};

/** Where a node's name starts, and which way its second line (the role) goes. */
function nameOrigin(node: Placement<Peer>): { x: number; y: number } {
  const reach = NODE_RADIUS + LABEL_GAP;
  const twoLines = node.item.role !== 'basic';
  switch (node.side) {
    case 'above':
      return { x: node.x, y: node.y - reach - 6 - (twoLines ? LINE_STEP : 0) };
    case 'below':
      return { x: node.x, y: node.y + reach + 10 };
    case 'left':
      return { x: node.x - reach, y: node.y + (twoLines ? -3 : 4) };
    case 'right':
      return { x: node.x + reach, y: node.y + (twoLines ? -3 : 4) };
  }
}

function Edge(props: { centre: number; node: Placement<Peer> }) {
  const { centre, node } = props;
  const peer = node.item;
  const grade = gradeOf(peer.quality);
  const rtt = rttText(peer.quality);
  const pillWidth = rtt ? rtt.length * 6.6 + 12 : 0;
  return (
    <g
      className={`network-edge ${linkStyle(peer)} grade-${grade}`}
      data-testid="network-edge"
      data-peer-id={peer.peerId}
      data-link={peer.link ?? undefined}
      data-rtt={peer.quality?.rttMs ?? ''}
    >
      <line x1={centre} y1={centre} x2={node.x} y2={node.y} />
      {rtt && (
        <g className="edge-label">
          <rect x={node.labelX - pillWidth / 2} y={node.labelY - 9} width={pillWidth} height="18" rx="9" />
          <text x={node.labelX} y={node.labelY + 4} textAnchor="middle">
            {rtt}
          </text>
        </g>
      )}
    </g>
  );
}

function Node(props: { node: Placement<Peer> }) {
  const { node } = props;
  const peer = node.item;
  const name = displayNameOf(peer);
  const origin = nameOrigin(node);
  const state = !peer.online ? 'offline' : peer.link ? 'linked' : 'online';
  const tooltip = [
    name,
    peer.role === 'basic' ? '' : roleWords[peer.role].name,
    state === 'offline' ? 'offline' : peer.quality ? qualityTooltip(peer.quality) : 'not connected yet',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <g
      className={`network-node ${state} role-${peer.role}`}
      data-testid="network-node"
      data-peer-id={peer.peerId}
      style={{ '--avatar-hue': hueOf(peer.peerId) } as CSSProperties}
    >
      <title>{tooltip}</title>
      {peer.role !== 'basic' && <circle className="role-ring" cx={node.x} cy={node.y} r={NODE_RADIUS + 4} />}
      <circle className="node-disc" cx={node.x} cy={node.y} r={NODE_RADIUS} />
      <text className="node-initials" x={node.x} y={node.y + 4.5} textAnchor="middle">
        {initialsOf(name)}
      </text>
      <text className="node-name" x={origin.x} y={origin.y} textAnchor={textAnchor[node.side]}>
        {shortName(name)}
        {peer.role !== 'basic' && (
          <tspan className="node-role" x={origin.x} dy={LINE_STEP}>
            {roleWords[peer.role].badge}
          </tspan>
        )}
      </text>
    </g>
  );
}

/** The drawing alone; NetworkView gives it a title and the same facts as a list. */
export function NetworkMap(props: { peers: readonly Peer[]; titleId: string; title: string }) {
  const layout = layoutNetwork(props.peers);
  const { centre } = layout;
  const linked = layout.nodes.filter((node) => node.item.online && node.item.link);
  return (
    <svg
      className="network-map"
      viewBox={`0 0 ${layout.size} ${layout.size}`}
      // Never drawn larger than life: a map of two nodes should not fill the screen with giant type.
      style={{ maxWidth: layout.size * 1.15, maxHeight: layout.size * 1.15 }}
      role="img"
      aria-labelledby={props.titleId}
      data-testid="network-map"
    >
      <title id={props.titleId}>{props.title}</title>
      {layout.rings.map((radius) => (
        <circle key={radius} className="network-ring" cx={centre} cy={centre} r={radius} />
      ))}
      {linked.map((node) => (
        <Edge key={node.item.peerId} centre={centre} node={node} />
      ))}
      <g className="network-self">
        <circle cx={centre} cy={centre} r={SELF_RADIUS} />
        <text x={centre} y={centre + 5} textAnchor="middle">
          You
        </text>
      </g>
      {layout.nodes.map((node) => (
        <Node key={node.item.peerId} node={node} />
      ))}
    </svg>
  );
}
