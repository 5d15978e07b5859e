import type { CSSProperties } from 'react';
import { useAvatarHash, useAvatarUrl } from './avatar-book';
import { hueOf, initialsOf } from './peer-appearance';

/**
 * The person's profile picture, or initials on a colour of their own until
 * it has loaded (and for whoever publishes none); decorative, since the name
 * is always next to it. `hue` overrides the colour derived from the peer id
 * (one's own avatar, chosen in Settings); `avatar` overrides the picture the
 * avatar book knows for the peer id. A group's avatar (`group`, its id for
 * the colour) is a rounded square with no picture, so a group never reads as a person.
 */
export function Avatar(props: {
  peerId: string;
  name: string;
  size?: 'small' | 'large' | 'huge';
  hue?: number | null;
  group?: boolean;
  avatar?: string | null;
}) {
  const known = useAvatarHash(props.peerId);
  const url = useAvatarUrl(props.group ? null : props.avatar !== undefined ? props.avatar : known);
  const style = { '--avatar-hue': props.hue ?? hueOf(props.peerId) } as CSSProperties;
  return (
    <span
      className={`avatar avatar-${props.size ?? 'small'}${props.group ? ' avatar-group' : ''}`}
      style={style}
      aria-hidden="true"
      data-picture={url ? 'true' : undefined}
    >
      {url ? <img src={url} alt="" draggable={false} /> : initialsOf(props.name)}
    </span>
  );
}
