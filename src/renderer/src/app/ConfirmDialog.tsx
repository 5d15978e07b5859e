import { useId, type ReactNode } from 'react';
import { Modal } from './Modal';
import { useSubmission } from './use-submission';

/**
 * "Are you sure?" for what cannot be undone (deleting a message, leaving a
 * group). Focus starts on Cancel, so Enter on a dialog opened by mistake
 * does no harm; the confirm button stays until the backend has answered,
 * and a failure is shown here rather than lost.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** What the button says while the call runs: "Deleting…". */
  busyLabel: string;
  danger?: boolean;
  testId: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const titleId = useId();
  const { busy, error, run } = useSubmission();
  const confirm = () =>
    void run(async () => {
      await props.onConfirm();
      props.onClose();
    });
  return (
    <Modal labelledBy={titleId} className="confirm-dialog" testId={props.testId} onClose={props.onClose}>
      <h2 id={titleId}>{props.title}</h2>
      <div className="dialog-text">{props.children}</div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button secondary" autoFocus onClick={props.onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className={`button ${props.danger ? 'danger' : 'primary'}`}
          data-testid="confirm"
          disabled={busy}
          onClick={confirm}
        >
          {busy ? props.busyLabel : props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
