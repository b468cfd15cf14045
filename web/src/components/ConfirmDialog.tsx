import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import './ConfirmDialog.css';

/** "Are you sure?" for actions that cannot be undone. Focus starts on Cancel, the safe choice. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel = 'Deleting…',
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** What the confirm button says while the action runs. */
  busyLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog title={title} onClose={onCancel}>
      <div className="confirm">
        {children && <div className="confirm__body">{children}</div>}
        <div className="confirm__actions">
          <button
            type="button"
            className="confirm__action confirm__action--danger"
            disabled={busy}
            onClick={onConfirm}
          >
            {busy ? busyLabel : confirmLabel}
          </button>
          <button type="button" className="confirm__action" autoFocus onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
