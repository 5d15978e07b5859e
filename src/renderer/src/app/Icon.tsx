/** The app's icons: 24×24 paths, drawn in the current text colour. */
export const ICONS = {
  close:
    'M18.3 5.7a1 1 0 0 0-1.4 0L12 10.6 7.1 5.7a1 1 0 0 0-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 1 0 1.4 1.4l4.9-4.9 4.9 4.9a1 1 0 0 0 1.4-1.4L13.4 12l4.9-4.9a1 1 0 0 0 0-1.4z',
  pencil:
    'M3 17.25V21h3.75L17.8 9.94l-3.75-3.75L3 17.25zm17.7-10.2a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z',
  reply: 'M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z',
  computer: 'M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-6v2h3v2H7v-2h3v-2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm0 2v9h16V6H4z',
  invite:
    'M10 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-3.3 0-8 1.7-8 4v2h12.5a6 6 0 0 1-.5-2.4c0-1.2.3-2.3.9-3.2A15 15 0 0 0 10 14zm9-1v3h3v2h-3v3h-2v-3h-3v-2h3v-3h2z',
  network:
    'M12 9a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM4.5 2a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zm15 0a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zm-15 15a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zm15 0a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM6.2 5.6l3.9 4.2-1.1 1-3.9-4.2zm11.6 0 1.1 1-3.9 4.2-1.1-1zM9 13.2l1.1 1-3.9 4.2-1.1-1zm6 0 3.9 4.2-1.1 1-3.9-4.2z',
  check: 'M3 13h3.6l2.2-6 4.4 12 2.5-6H21v-2h-6.7l-1.1 2.6L8.8 1.5 5.2 11H3z',
} as const;

/** Decorative: the button around it carries the accessible name. */
export function Icon(props: { path: string; size?: number }) {
  const size = props.size ?? 18;
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path fill="currentColor" d={props.path} />
    </svg>
  );
}
