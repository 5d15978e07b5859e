import { useMemo, useRef } from 'react';
import type { Invite } from '../../../core/model';
import { qrImageUrl } from './invite-qr';
import { useCopy } from './use-copy';

const copyWords = { idle: 'Copy', copied: 'Copied', failed: 'Press Ctrl+C' } as const;

/** The code to read out or paste, its QR code for a phone, and where this computer listens. */
export function InviteCode(props: { invite: Invite }) {
  const { invite } = props;
  const codeBox = useRef<HTMLElement>(null);
  const { state, copy } = useCopy();
  const qr = useMemo(() => qrImageUrl(invite.url), [invite.url]);

  const selectCode = () => {
    const element = codeBox.current;
    const selection = window.getSelection();
    if (element && selection) selection.selectAllChildren(element);
  };

  const onCopy = async () => {
    if (!(await copy(invite.code))) selectCode();
  };

  return (
    <div className="invite-code">
      <div className="invite-code-row">
        <code ref={codeBox} className="invite-code-box" data-testid="invite-code" aria-label="Invite code">
          {invite.code}
        </code>
        <button
          type="button"
          className="button secondary"
          data-testid="invite-copy"
          aria-label="Copy invite code"
          onClick={() => void onCopy()}
        >
          {copyWords[state]}
        </button>
      </div>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Invite code copied' : state === 'failed' ? 'Copying was refused; the code is selected' : ''}
      </span>
      <img className="invite-qr" data-testid="invite-qr" src={qr} alt="QR code of the invite link" width="168" height="168" />
      {invite.addresses.length > 0 && <p className="hint invite-addresses">Reachable at {invite.addresses.join(', ')}</p>}
    </div>
  );
}
