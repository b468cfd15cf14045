import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import './ConfirmDialog.css';

/** "Are you sure?" for actions that cannot be undone. Focus starts on Cancel, the safe choice. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
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
            {busy ? 'Deleting…' : confirmLabel}
          </button>
          <button type="button" className="confirm__action" autoFocus onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
