import type { CheckStatus } from './diagnosis-words';

const paths: Record<CheckStatus, string> = {
  ok: 'M9.5 16.2 5.8 12.5a1 1 0 0 0-1.4 1.4l4.4 4.4a1 1 0 0 0 1.4 0l9.4-9.4a1 1 0 0 0-1.4-1.4z',
  warn: 'M11 7h2v6h-2zm0 8h2v2h-2z',
  fail: 'M16.2 7.8a1 1 0 0 0-1.4 0L12 10.6 9.2 7.8a1 1 0 0 0-1.4 1.4l2.8 2.8-2.8 2.8a1 1 0 1 0 1.4 1.4l2.8-2.8 2.8 2.8a1 1 0 0 0 1.4-1.4L13.4 12l2.8-2.8a1 1 0 0 0 0-1.4z',
  unknown: 'M12 6a4 4 0 0 0-4 4h2a2 2 0 1 1 2 2 1 1 0 0 0-1 1v2h2v-1.1A4 4 0 0 0 12 6zm-1 11h2v2h-2z',
};

/** A coloured disc with a mark; shape and colour both carry the status, so neither alone is needed. */
export function CheckStatusIcon(props: { status: CheckStatus }) {
  return (
    <svg
      className={`check-icon status-${props.status}`}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
    >
      <circle className="check-icon-disc" cx="12" cy="12" r="11" />
      <path className="check-icon-mark" d={paths[props.status]} />
    </svg>
  );
}
