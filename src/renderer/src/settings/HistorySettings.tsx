import { useRef, useState } from 'react';
import { describeError } from '../../../core/errors';
import type { Status } from '../../../core/model';
import { useBackend } from '../app/backend-context';
import { collectHistory, downloadJson } from './history-export';
import { SettingsSection } from './SettingsSection';

type ExportState =
  { kind: 'idle' } | { kind: 'running'; done: number } | { kind: 'done'; messages: number } | { kind: 'failed'; error: string };

/** Saves every conversation as one JSON file, with a progress bar while it reads. */
export function HistorySettings(props: { status: Status; titleOf: (conversation: string) => string }) {
  const { api, state } = useBackend();
  const [progress, setProgress] = useState<ExportState>({ kind: 'idle' });
  const abort = useRef<AbortController>(undefined);

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ kind: 'running', done: 0 });
    try {
      const history = await collectHistory(
        api,
        props.status,
        props.titleOf,
        (done) => setProgress({ kind: 'running', done }),
        controller.signal,
      );
      const day = new Date().toISOString().slice(0, 10);
      downloadJson(history, `lanline-history-${day}.json`);
      setProgress({ kind: 'done', messages: history.conversations.reduce((sum, c) => sum + c.messages.length, 0) });
    } catch (caught) {
      setProgress(controller.signal.aborted ? { kind: 'idle' } : { kind: 'failed', error: describeError(caught) });
    }
  };

  return (
    <SettingsSection
      id="history"
      title="History"
      description="Your conversations live only on this computer (and, sealed, on super peers holding them for you). An export is a copy you keep."
    >
      <div className="export-row">
        {progress.kind === 'running' ? (
          <>
            <progress
              className="export-progress"
              max={1}
              value={progress.done}
              aria-label="Exporting history"
              data-testid="export-progress"
            />
            <button type="button" className="button subtle" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button secondary"
            data-testid="export-history"
            disabled={state !== 'open'}
            onClick={() => void start()}
          >
            Export all conversations (JSON)
          </button>
        )}
      </div>
      <p className="hint" role="status" data-testid="export-status">
        {progress.kind === 'done'
          ? `Exported ${progress.messages.toLocaleString()} messages.`
          : progress.kind === 'failed'
            ? `The export stopped: ${progress.error}`
            : ''}
      </p>
    </SettingsSection>
  );
}
