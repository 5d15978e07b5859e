import { useEffect, useState } from 'react';
import { describeError } from '../../../core/errors';
import type { FileAttachment, TransferSnapshot } from '../../../core/files/transfer-model';
import { formatBytes, percentDone, progressLine, STATE_WORDS } from '../../../core/files/transfer-words';
import { useBackend } from '../app/backend-context';
import { Icon, ICONS } from '../app/Icon';
import { FILE_ICONS, kindOf, PREVIEWABLE } from './file-icons';
import { previewUrl } from './preview';
import { useOfferSummary } from './use-transfers';
import './files.css';

type Action = 'accept' | 'decline' | 'pause' | 'resume' | 'cancel' | 'reveal';
const MOVING = new Set(['active', 'waiting', 'queued']);

/** The buttons a file card offers for where the transfer stands. */
function actionsFor(direction: 'in' | 'out', state: TransferSnapshot['state']): Action[] {
  if (direction === 'out') return state === 'cancelled' ? [] : state === 'done' ? ['reveal'] : ['reveal', 'cancel'];
  switch (state) {
    case 'offered':
      return ['accept', 'decline'];
    case 'active':
    case 'waiting':
    case 'queued':
      return ['pause', 'cancel'];
    case 'paused':
    case 'failed':
      return ['resume', 'cancel'];
    case 'done':
      return ['reveal'];
    case 'cancelled':
      return [];
  }
}

const LABELS: Record<Action, { text: (d: 'in' | 'out') => string; icon?: string; primary?: boolean }> = {
  accept: { text: () => 'Accept', icon: ICONS.download, primary: true },
  decline: { text: () => 'Decline' },
  pause: { text: () => 'Pause', icon: FILE_ICONS.pause },
  resume: { text: () => 'Resume', icon: FILE_ICONS.play, primary: true },
  cancel: { text: (d) => (d === 'out' ? 'Stop sharing' : 'Cancel') },
  reveal: { text: () => 'Show in folder', icon: FILE_ICONS.folderOpen },
};

function Preview(props: { offerId: string; name: string }) {
  const { api } = useBackend();
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let current = true;
    previewUrl(api, props.offerId, 0).then(
      (u) => current && setUrl(u),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api, props.offerId]);
  if (!url) return null;
  return <img className="file-preview" src={url} alt={props.name} data-testid="file-preview" />;
}

function EntryRows(props: { files: TransferSnapshot[]; entries: FileAttachment['entries'] }) {
  const byEntry = new Map(props.files.map((f) => [f.entry, f]));
  return (
    <details className="file-entries">
      <summary>{`${props.entries.length} files`}</summary>
      <ul>
        {props.entries.map((entry, i) => {
          const live = byEntry.get(i);
          const done = live ? (live.direction === 'in' ? live.bytesDone : live.state === 'done' ? live.size : 0) : 0;
          return (
            <li key={entry.path} className="file-entry" data-state={live?.state}>
              <span className="file-entry-path" title={entry.path}>
                {entry.path}
              </span>
              <span className="file-entry-meta">
                {live ? `${percentDone(done, entry.size)} % · ` : ''}
                {formatBytes(entry.size)}
              </span>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

/**
 * The files a message shares, as a card in the conversation: what they are
 * (name, size, type, a thumbnail the sender made), where this node's transfer
 * stands (a progress bar with speed and time left), and what can be done
 * about it. Images appear inline once received.
 */
export function FileCard(props: { file: FileAttachment; outgoing: boolean }) {
  const { file } = props;
  const { api } = useBackend();
  const { files, summary } = useOfferSummary(file.offerId, file.transfer);
  const [busy, setBusy] = useState<Action>();
  const [error, setError] = useState<string>();
  const kind = kindOf(file.type);
  const direction = summary?.direction ?? (props.outgoing ? 'out' : 'in');
  const state = summary?.state ?? 'offered';
  const bytesDone = summary ? (direction === 'in' ? summary.bytesDone : Math.min(summary.bytesDone, file.size)) : 0;
  const percent = percentDone(bytesDone, file.size);
  const moving = direction === 'in' && (MOVING.has(state) || state === 'paused');
  const received = direction === 'out' || state === 'done';
  const line = summary
    ? direction === 'out' && summary.recipients && summary.recipients.of > 1 && state !== 'cancelled'
      ? `${summary.recipients.done} of ${summary.recipients.of} have it${summary.recipients.declined ? `, ${summary.recipients.declined} declined` : ''}`
      : progressLine({ ...summary, size: file.size })
    : 'Arriving…';

  const run = async (action: Action) => {
    setBusy(action);
    setError(undefined);
    const offerId = file.offerId;
    try {
      if (action === 'reveal') await api.call('files.reveal', { offerId });
      else if (action === 'accept') await api.call('files.accept', { offerId });
      else if (action === 'decline') await api.call('files.decline', { offerId });
      else if (action === 'pause') await api.call('files.pause', { offerId });
      else if (action === 'resume') await api.call('files.resume', { offerId });
      else await api.call('files.cancel', { offerId });
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div
      className="file-card"
      role="group"
      aria-label={`${file.name}, ${formatBytes(file.size)}`}
      data-testid="file-card"
      data-state={state}
      data-offer-id={file.offerId}
    >
      <div className="file-card-main">
        {file.thumbnail && !(received && PREVIEWABLE.has(file.type)) ? (
          <img
            className="file-thumbnail"
            src={`data:${file.thumbnail.type};base64,${file.thumbnail.data}`}
            alt=""
            data-testid="file-thumbnail"
          />
        ) : (
          <span className="file-type-icon" aria-hidden="true">
            <Icon path={kind.icon} size={28} />
          </span>
        )}
        <div className="file-card-text">
          <span className="file-name" title={file.name} data-testid="file-name">
            {file.name}
          </span>
          <span className="file-meta">
            {`${kind.word} · ${formatBytes(file.size)}${file.entries.length > 1 ? ` · ${file.entries.length} files` : ''}`}
          </span>
        </div>
      </div>
      {received && PREVIEWABLE.has(file.type) && <Preview offerId={file.offerId} name={file.name} />}
      {moving && (
        <progress
          className="file-progress"
          max={100}
          value={percent}
          aria-label={`${file.name}: ${percent} % received`}
          data-testid="file-progress"
        />
      )}
      <p className="file-status" data-testid="file-status" aria-live="polite">
        {state === 'failed' ? STATE_WORDS.failed[direction] : line}
      </p>
      {summary?.error && (state === 'failed' || state === 'cancelled') && (
        <p className="file-error" role="alert">
          {summary.error.message}
        </p>
      )}
      {error && (
        <p className="file-error" role="alert">
          {error}
        </p>
      )}
      <div className="file-actions">
        {actionsFor(direction, state).map((action) => {
          const label = LABELS[action];
          return (
            <button
              key={action}
              type="button"
              className={`button small ${label.primary ? 'primary' : 'secondary'}`}
              data-testid={`file-${action}`}
              aria-label={`${label.text(direction)}: ${file.name}`}
              disabled={busy !== undefined}
              onClick={() => void run(action)}
            >
              {label.icon && <Icon path={label.icon} size={14} />}
              {label.text(direction)}
            </button>
          );
        })}
      </div>
      {file.entries.length > 1 && <EntryRows files={files} entries={file.entries} />}
    </div>
  );
}
