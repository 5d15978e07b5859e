import { useEffect, useRef, type ReactNode } from 'react';
import { ICONS, Icon } from './Icon';

/**
 * A modal <dialog> with a close button: focus trapping, Escape and the
 * backdrop come from the platform. The parent unmounts it on `onClose`. The close
 * button comes last in the DOM (CSS puts it top right) so focus starts on the content.
 */
export function Modal(props: {
  labelledBy: string;
  className?: string;
  testId?: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);

  // As in NameDialog: no close() on cleanup, since its close event would read as a dismissal
  // and StrictMode runs effects twice; an unmounted modal leaves the top layer by itself.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className={`modal ${props.className ?? ''}`}
      aria-labelledby={props.labelledBy}
      data-testid={props.testId}
      onClose={props.onClose}
    >
      {props.children}
      <button type="button" className="icon-button modal-close" aria-label="Close" onClick={() => dialog.current?.close()}>
        <Icon path={ICONS.close} />
      </button>
    </dialog>
  );
}
