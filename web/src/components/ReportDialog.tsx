import { useState } from 'react';
import { errorMessage } from '#/lib/api/client';
import type { ReportReason, ReportTargetType } from '#/lib/api/types';
import { useReport } from '#/state/queries/safety';
import { Dialog } from './Dialog';
import { FormError } from './Field';
import './ReportDialog.css';

export const REPORT_REASONS: { value: ReportReason; label: string }[] = [
  { value: 'spam', label: 'Spam' },
  { value: 'harassment', label: 'Bullying or harassment' },
  { value: 'hate', label: 'Hate speech or symbols' },
  { value: 'nudity', label: 'Nudity or sexual activity' },
  { value: 'violence', label: 'Violence or dangerous acts' },
  { value: 'self_harm', label: 'Suicide or self-injury' },
  { value: 'impersonation', label: 'Pretending to be someone else' },
  { value: 'other', label: 'Something else' },
];

export const NOTE_MAX = 1000;

const NOUN: Record<ReportTargetType, string> = {
  post: 'post',
  comment: 'comment',
  user: 'account',
  message: 'message',
};

/**
 * Why something should be looked at, and an optional note, sent to the moderators.
 * Reporting the same thing twice is fine: the server keeps one report, and the
 * person sees the same thanks.
 */
export function ReportDialog({
  targetType,
  targetId,
  onClose,
}: {
  targetType: ReportTargetType;
  targetId: string;
  onClose: () => void;
}) {
  const report = useReport();
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const noun = NOUN[targetType];

  if (report.isSuccess) {
    return (
      <Dialog title="Thanks for letting us know" onClose={onClose}>
        <div className="report report--done" role="status">
          <p>
            The moderators will look at this {noun}. You will not be told who reviewed it, and the person you
            reported is not told who reported them.
          </p>
          <button type="button" className="btn btn--primary btn--block" autoFocus onClick={onClose}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Report ${noun}`} onClose={onClose}>
      <form
        className="report"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!reason) {
            setMissing(true);
            return;
          }
          const trimmed = note.trim();
          report.mutate({ targetType, targetId, reason, ...(trimmed ? { note: trimmed } : {}) });
        }}
      >
        <fieldset
          className="report__reasons"
          aria-describedby={missing && !reason ? 'report-reason-error' : undefined}
        >
          <legend className="report__legend">Why are you reporting this {noun}?</legend>
          {REPORT_REASONS.map((option) => (
            <label key={option.value} className="report__reason">
              <input
                type="radio"
                name="reason"
                value={option.value}
                checked={reason === option.value}
                onChange={() => setReason(option.value)}
                disabled={report.isPending}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        {missing && !reason && (
          <p id="report-reason-error" className="field__error" role="alert">
            Choose a reason.
          </p>
        )}
        <div className="field">
          <label className="field__label" htmlFor="report-note">
            Anything the moderators should know? <span className="muted">(optional)</span>
          </label>
          <textarea
            id="report-note"
            className="field__input field__input--area"
            maxLength={NOTE_MAX}
            rows={3}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            disabled={report.isPending}
          />
        </div>
        <FormError message={report.isError ? errorMessage(report.error) : null} />
        <button type="submit" className="btn btn--primary btn--block" disabled={report.isPending}>
          {report.isPending ? 'Sending…' : 'Report'}
        </button>
      </form>
    </Dialog>
  );
}
