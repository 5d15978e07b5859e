import type { CSSProperties } from 'react';
import { hueOf, initialsOf } from './peer-appearance';

/**
 * Initials on a colour of the person's own; decorative, since the name is
 * always next to it. `hue` overrides the colour derived from the peer id
 * (one's own avatar, chosen in Settings). A group's avatar (`group`, its
 * id for the colour) is a rounded square, so a group never reads as a person.
 */
export function Avatar(props: {
  peerId: string;
  name: string;
  size?: 'small' | 'large' | 'huge';
  hue?: number | null;
  group?: boolean;
}) {
  const style = { '--avatar-hue': props.hue ?? hueOf(props.peerId) } as CSSProperties;
  return (
    <span
      className={`avatar avatar-${props.size ?? 'small'}${props.group ? ' avatar-group' : ''}`}
      style={style}
      aria-hidden="true"
    >
      {initialsOf(props.name)}
    </span>
  );
}
