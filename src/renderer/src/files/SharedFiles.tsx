import { useId, useMemo, useState } from 'react';
import { describeError } from '../../../core/errors';
import { FOLDER_TYPE, summarize, type TransferSnapshot } from '../../../core/files/transfer-model';
import { formatBytes, STATE_WORDS } from '../../../core/files/transfer-words';
import { useBackend } from '../app/backend-context';
import { Icon } from '../app/Icon';
import { momentLabel } from '../conversation/message-time';
import { FILE_ICONS, kindOf } from './file-icons';
import { useConversationFiles } from './use-transfers';
import './files.css';
import type { NameOf } from '../people/name-book';

interface Shared {
  offerId: string;
  name: string;
  type: string;
  size: number;
  count: number;
  files: TransferSnapshot[];
}

function byOffer(files: TransferSnapshot[]): Shared[] {
  const offers = new Map<string, Shared>();
  for (const f of files) {
    const shared = offers.get(f.offerId) ?? { offerId: f.offerId, name: f.name, type: f.type, size: 0, count: 0, files: [] };
    shared.size += f.size;
    shared.count++;
    shared.files.push(f);
    if (shared.count > 1 || f.path.includes('/')) shared.type = FOLDER_TYPE;
    offers.set(f.offerId, shared);
  }
  return [...offers.values()];
}

/**
 * The details pane's list of files shared in a conversation, newest first,
 * searchable by name (a folder's files too), each with where it stands here
 * and a way to open it in the file manager.
 */
/** `nameOf` names who shared each file, in a group; one to one it is "them". */
export function SharedFiles(props: { conversation: string; title: string; nameOf?: NameOf }) {
  const { api } = useBackend();
  const [query, setQuery] = useState('');
  const { files, error } = useConversationFiles(props.conversation, query);
  const [problem, setProblem] = useState<string>();
  const searchId = useId();
  const shared = useMemo(() => (files ? byOffer(files) : undefined), [files]);
  const reveal = (offerId: string) =>
    api.call('files.reveal', { offerId }).then(
      () => setProblem(undefined),
      (caught) => setProblem(describeError(caught)),
    );

  return (
    <div className="shared-files" data-testid="shared-files">
      <label htmlFor={searchId} className="visually-hidden">
        Search files shared here
      </label>
      <input
        id={searchId}
        type="search"
        className="shared-files-search"
        placeholder="Search files"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        data-testid="shared-files-search"
      />
      {error && <p className="file-error">{error}</p>}
      {problem && (
        <p className="file-error" role="alert">
          {problem}
        </p>
      )}
      {shared && shared.length === 0 && (
        <p className="details-text" data-testid="shared-files-empty">
          {query.trim()
            ? `No file here matches “${query.trim()}”.`
            : `No files shared with ${props.title} yet. Drop files on the conversation to share them.`}
        </p>
      )}
      {shared && shared.length > 0 && (
        <ul className="shared-files-list">
          {shared.map((s) => {
            const summary = summarize(s.files, null)!;
            const here = summary.direction === 'out' || summary.state === 'done';
            return (
              <li key={s.offerId} className="shared-file" data-testid="shared-file">
                <span className="file-type-icon small" aria-hidden="true">
                  <Icon path={kindOf(s.type).icon} size={20} />
                </span>
                <span className="shared-file-text">
                  <span className="file-name" title={s.name}>
                    {s.name}
                  </span>
                  <span className="file-meta">
                    {`${formatBytes(s.size)}${s.count > 1 ? ` · ${s.count} files` : ''} · ${
                      summary.direction === 'out' ? 'you shared' : `from ${props.nameOf?.(s.files[0]!.peer) ?? 'them'}`
                    } · ${momentLabel(s.files[0]!.createdAt)} · ${STATE_WORDS[summary.state][summary.direction]}`}
                  </span>
                </span>
                {here && (
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Show ${s.name} in folder`}
                    title="Show in folder"
                    onClick={() => void reveal(s.offerId)}
                  >
                    <Icon path={FILE_ICONS.folderOpen} size={18} />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
