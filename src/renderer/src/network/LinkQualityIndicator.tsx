import type { Peer } from '../../../core/model';
import { gradeOf, qualityTooltip, rttText } from './link-quality-words';
import { SignalBars } from './SignalBars';

/** Bars and round trip for a linked peer; nothing for one that is not linked. */
export function LinkQualityIndicator(props: { peer: Peer }) {
  const { quality, link } = props.peer;
  if (!link || !quality) return null;
  const grade = gradeOf(quality);
  const rtt = rttText(quality);
  return (
    <span className="link-quality" data-grade={grade} title={qualityTooltip(quality)}>
      <SignalBars grade={grade} />
      {rtt ? (
        <span className="link-rtt" data-testid="peer-rtt">
          {rtt}
        </span>
      ) : (
        <span className="link-rtt measuring">…</span>
      )}
    </span>
  );
}
