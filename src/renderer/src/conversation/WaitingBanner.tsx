import { Icon, ICONS } from '../app/Icon';
import { waitingSentence } from './waiting-words';

/**
 * "2 messages are waiting for earlier ones to arrive…": shown while the
 * ordering buffer holds messages of this conversation back, gone once they
 * show. It floats over the top of the list, so it appearing and going moves
 * no message.
 */
export function WaitingBanner(props: { waiting: number }) {
  const sentence = waitingSentence(props.waiting);
  return (
    <div className="waiting-slot" role="status">
      {sentence && (
        <p className="waiting-banner" data-testid="waiting-banner" data-waiting={props.waiting}>
          <Icon path={ICONS.hourglass} size={16} />
          <span>
            {sentence}
            <span className="waiting-hint"> They show by themselves; nothing is lost.</span>
          </span>
        </p>
      )}
    </div>
  );
}
