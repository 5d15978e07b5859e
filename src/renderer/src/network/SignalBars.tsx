import { barsOf, type QualityGrade } from './link-quality-words';

const BAR_HEIGHTS = [4, 7, 10] as const;

/** Three bars, filled by grade. Decorative: the text beside it carries the same facts. */
export function SignalBars(props: { grade: QualityGrade }) {
  const filled = barsOf(props.grade);
  return (
    <svg
      className={`signal-bars grade-${props.grade}`}
      viewBox="0 0 14 10"
      width="14"
      height="10"
      aria-hidden="true"
      focusable="false"
    >
      {BAR_HEIGHTS.map((height, index) => (
        <rect
          key={height}
          className={index < filled ? 'bar on' : 'bar'}
          x={index * 5}
          y={10 - height}
          width="3.5"
          height={height}
          rx="0.8"
        />
      ))}
    </svg>
  );
}
