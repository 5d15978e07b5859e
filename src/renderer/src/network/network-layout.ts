/**
 * Where to draw "You" and each peer on the network map: peers on a circle
 * around the centre, in the order given, starting at the top and going
 * clockwise. Past SINGLE_RING_MAX peers they alternate between an inner and
 * an outer ring, which halves the spacing a ring needs and keeps 30 peers
 * readable in a pane of ordinary size.
 */

/** The arc between two neighbours on one ring: room for a name under a node. */
const NODE_SPACING = 92;
const MIN_RADIUS = 140;
const RING_GAP = 84;
const SINGLE_RING_MAX = 16;
/** Room outside the outermost ring for the names. */
const MARGIN = 104;
/**
 * Where along an edge its label sits: a little past the middle, away from the
 * crowded centre. On two rings the inner and outer labels sit at different
 * distances, so the labels of neighbouring edges do not stack up.
 */
const LABEL_AT = 0.58;
const LABEL_AT_INNER = 0.52;
const LABEL_AT_OUTER = 0.66;

export const SELF_RADIUS = 30;
export const NODE_RADIUS = 20;

export type LabelSide = 'above' | 'below' | 'left' | 'right';

export interface Placement<T> {
  item: T;
  x: number;
  y: number;
  /** Where this node's edge label goes. */
  labelX: number;
  labelY: number;
  /** Which side of the node its name goes: always away from the centre, so it never sits on the edge. */
  side: LabelSide;
}

export interface NetworkLayout<T> {
  /** The drawing is a square of this side, in SVG units. */
  size: number;
  centre: number;
  /** The radius of each ring in use, for the faint guide circles. */
  rings: number[];
  nodes: Placement<T>[];
}

function sideOf(angle: number): LabelSide {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  if (Math.abs(dy) >= Math.abs(dx) * 0.9) return dy < 0 ? 'above' : 'below';
  return dx < 0 ? 'left' : 'right';
}

export function layoutNetwork<T>(items: readonly T[]): NetworkLayout<T> {
  const n = items.length;
  const twoRings = n > SINGLE_RING_MAX;
  // On two rings, neighbours on the same ring are two steps apart.
  const inner = Math.max(MIN_RADIUS, (n * NODE_SPACING) / ((twoRings ? 4 : 2) * Math.PI));
  const outer = twoRings ? inner + RING_GAP : inner;
  const size = Math.round(2 * (outer + MARGIN));
  const centre = size / 2;

  const nodes = items.map((item, index) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * index) / Math.max(n, 1);
    const onOuter = twoRings && index % 2 === 1;
    const radius = onOuter ? outer : inner;
    const labelAt = !twoRings ? LABEL_AT : onOuter ? LABEL_AT_OUTER : LABEL_AT_INNER;
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    return {
      item,
      x: centre + radius * dx,
      y: centre + radius * dy,
      labelX: centre + radius * labelAt * dx,
      labelY: centre + radius * labelAt * dy,
      side: sideOf(angle),
    };
  });
  return { size, centre, rings: n === 0 ? [] : twoRings ? [inner, outer] : [inner], nodes };
}
