import { useRef } from 'react';
import { Icon } from '../app/Icon';
import { FILE_ICONS } from './file-icons';

/** The composer's paperclip: opens the system file picker; what is picked is shared at once. */
export function AttachButton(props: { title: string; onFiles: (files: FileList) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(event) => {
          if (event.target.files?.length) props.onFiles(event.target.files);
          event.target.value = '';
        }}
      />
      <button
        type="button"
        className="attach-button"
        data-testid="attach"
        aria-label={`Share files with ${props.title}`}
        title="Share files (or drop them here)"
        disabled={props.disabled}
        onClick={() => input.current?.click()}
      >
        <Icon path={FILE_ICONS.attach} size={20} />
      </button>
    </>
  );
}
