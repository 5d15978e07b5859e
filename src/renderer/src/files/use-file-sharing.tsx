import { useCallback, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { describeError } from '../../../core/errors';
import type { Message } from '../../../core/model';
import { formatBytes, percentDone } from '../../../core/files/transfer-words';
import { useBackend } from '../app/backend-context';
import { Icon, ICONS } from '../app/Icon';
import { droppedFiles, shareFiles, type PickedFile, type ShareProgress } from './share-files';
import './files.css';

interface Task {
  id: number;
  name: string;
  phase: ShareProgress['phase'] | 'starting';
  done: number;
  total: number;
  error?: string;
  abort: AbortController;
}

const PHASE_WORDS: Record<Task['phase'], string> = { starting: 'Preparing', copying: 'Copying', sealing: 'Encrypting' };

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/**
 * Sharing files in one conversation: drop them (or folders) anywhere on it,
 * or pick them with the composer's attach button. While a browser tab hands
 * their bytes to the backend, and while the backend encrypts them for the
 * offer, a line shows how far it is, with Cancel; then the message with the
 * file card appears like any other. `onShared` hears of the message so the
 * view can follow it.
 */
export function useFileSharing(conversation: string, name: string, onShared?: (message: Message) => void) {
  const { api } = useBackend();
  const [tasks, setTasks] = useState<Task[]>([]);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const nextId = useRef(1);

  const update = useCallback((id: number, change: Partial<Task>) => {
    setTasks((list) => list.map((t) => (t.id === id ? { ...t, ...change } : t)));
  }, []);

  const share = useCallback(
    async (picked: { picked: PickedFile[]; tops: File[] }) => {
      if (picked.picked.length === 0) return;
      const id = nextId.current++;
      const total = picked.picked.reduce((n, p) => n + p.file.size, 0);
      const first = picked.picked[0]!.path.split('/')[0]!;
      const label = picked.tops.length > 1 ? `${picked.tops.length} items` : first;
      const abort = new AbortController();
      setTasks((list) => [...list, { id, name: label, phase: 'starting', done: 0, total, abort }]);
      try {
        const message = await shareFiles(api, conversation, picked, (progress) => update(id, progress), abort.signal);
        setTasks((list) => list.filter((t) => t.id !== id));
        onShared?.(message);
      } catch (caught) {
        if (abort.signal.aborted) setTasks((list) => list.filter((t) => t.id !== id));
        else update(id, { error: describeError(caught) });
      }
    },
    [api, conversation, onShared, update],
  );

  /** For an `<input type=file>`: what was picked. */
  const attach = useCallback(
    (list: FileList | File[]) => {
      const files = [...list];
      void share({ picked: files.map((file) => ({ file, path: file.name })), tops: files });
    },
    [share],
  );

  const dropTarget = {
    onDragEnter: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      // The items must be read now: the browser empties the DataTransfer after this event.
      void droppedFiles(event.dataTransfer).then(share, (caught) => {
        const id = nextId.current++;
        setTasks((list) => [
          ...list,
          {
            id,
            name: 'dropped files',
            phase: 'starting',
            done: 0,
            total: 0,
            error: describeError(caught),
            abort: new AbortController(),
          },
        ]);
      });
    },
  };

  const view: ReactNode = (
    <>
      {dragging && (
        <div className="file-drop-overlay" data-testid="file-drop-overlay" aria-hidden="true">
          <p>{`Drop to share with ${name}`}</p>
        </div>
      )}
      {tasks.length > 0 && (
        <ul className="file-uploads" aria-label="Files being prepared to send">
          {tasks.map((task) => (
            <li key={task.id} className="file-upload" data-testid="file-upload">
              <span className="file-upload-name">{task.name}</span>
              {task.error ? (
                <span className="file-error" role="alert">
                  {task.error}
                </span>
              ) : (
                <>
                  <progress
                    max={100}
                    value={percentDone(task.done, task.total)}
                    aria-label={`Preparing ${task.name}: ${PHASE_WORDS[task.phase].toLowerCase()} ${percentDone(task.done, task.total)} %`}
                  />
                  <span className="file-upload-meta">{`${PHASE_WORDS[task.phase]} ${formatBytes(task.done)} of ${formatBytes(task.total)}`}</span>
                </>
              )}
              <button
                type="button"
                className="icon-button"
                aria-label={task.error ? `Dismiss: ${task.name}` : `Cancel sending ${task.name}`}
                onClick={() => {
                  task.abort.abort();
                  setTasks((list) => list.filter((t) => t.id !== task.id));
                }}
              >
                <Icon path={ICONS.close} size={16} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );

  return { dropTarget, attach, view };
}
