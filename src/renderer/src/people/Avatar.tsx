import type { CSSProperties } from 'react';
import { hueOf, initialsOf } from './peer-appearance';

/**
 * Initials on a colour of the person's own; decorative, since the name is
 * always next to it. `hue` overrides the colour derived from the peer id
 * (one's own avatar, chosen in Settings).
 */
export function Avatar(props: { peerId: string; name: string; size?: 'small' | 'large' | 'huge'; hue?: number | null }) {
  const style = { '--avatar-hue': props.hue ?? hueOf(props.peerId) } as CSSProperties;
  return (
    <span className={`avatar avatar-${props.size ?? 'small'}`} style={style} aria-hidden="true">
      {initialsOf(props.name)}
    </span>
  );
}
