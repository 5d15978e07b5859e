import type { CSSProperties } from 'react';
import { hueOf, initialsOf } from './peer-appearance';

/** Initials on a colour of the person's own; decorative, since the name is always next to it. */
export function Avatar(props: { peerId: string; name: string; size?: 'small' | 'large' }) {
  const style = { '--avatar-hue': hueOf(props.peerId) } as CSSProperties;
  return (
    <span className={`avatar avatar-${props.size ?? 'small'}`} style={style} aria-hidden="true">
      {initialsOf(props.name)}
    </span>
  );
}
