import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { REPORT_REASONS } from '#/components/ReportDialog';
import type { ModerationAction, Report, ReportGroup, ReportReason } from '#/lib/api/types';
import { plural, relativeTime } from '#/lib/format';
import { useRemoveContent, useResolveReport, useSuspend } from '#/state/queries/moderation';
import { readPreview, type TargetPreview } from './preview';

const KIND: Record<ReportGroup['target']['type'], string> = {
  post: 'Post',
  comment: 'Comment',
  user: 'Account',
  message: 'Message',
};

export function reasonLabel(reason: ReportReason | string): string {
  return REPORT_REASONS.find((r) => r.value === reason)?.label ?? reason;
}

/** The end of a chosen day (yyyy-mm-dd), in the moderator's time zone, as an instant. */
export function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59`).toISOString();
}

const DONE: Record<ModerationAction, string> = {
  dismiss: 'Reports dismissed.',
  remove: 'Removed. Its author has been told.',
  warn: 'Warning sent.',
  suspend: 'Account suspended.',
};

const RESOLVED: Record<string, string> = {
  dismiss: 'Dismissed',
  remove: 'Removed',
  warn: 'Author warned',
  suspend: 'Author suspended',
  deleted: 'Deleted by its author',
};

function Preview({ preview, kind }: { preview: TargetPreview; kind: string }) {
  return (
    <div className="mod-preview">
      {preview.author && (
        <p className="mod-preview__author">
          <Avatar user={{ ...preview.author, avatarUrl: preview.author.avatarUrl ?? null }} size="xs" />
          <Link to={`/u/${preview.author.username}`} className="strong">
            {preview.author.username}
          </Link>
          {preview.author.displayName && <span className="muted"> {preview.author.displayName}</span>}
        </p>
      )}
      {preview.gone && <p className="muted small">This {kind.toLowerCase()} no longer exists.</p>}
      <div className="mod-preview__content">
        {preview.imageUrl && (
          <img
            className="mod-preview__image"
            src={preview.imageUrl}
            alt={preview.imageAlt || `Photo of the reported ${kind.toLowerCase()}`}
            loading="lazy"
          />
        )}
        {preview.text && <p className="mod-preview__text">{preview.text}</p>}
      </div>
      {preview.messages.length > 0 && (
        <ol className="mod-preview__messages" aria-label="The reported message and the ones before it">
          {preview.messages.map((m) => (
            <li
              key={m.id}
              className={m.reported ? 'mod-preview__message is-reported' : 'mod-preview__message'}
            >
              <span className="strong">{m.sender ?? 'deleted account'}</span>{' '}
              {m.text || (m.hadImage ? <em className="muted">a photo</em> : null)}
              {m.reported && <span className="mod-preview__flag"> — reported</span>}
            </li>
          ))}
        </ol>
      )}
      {preview.link && (
        <Link to={preview.link} className="small">
          Open {kind.toLowerCase()}
        </Link>
      )}
    </div>
  );
}

function ReportLine({ report }: { report: Report }) {
  return (
    <li className="mod-report">
      <span className="strong">{reasonLabel(report.reason)}</span>
      <span className="muted"> · by {report.reporter.username}</span>
      <span className="muted">
        {' · '}
        <time dateTime={report.createdAt}>{relativeTime(report.createdAt)}</time>
      </span>
      {report.note && <p className="mod-report__note">“{report.note}”</p>}
    </li>
  );
}

/** The note and the four actions; every action takes one click and sends the note with it. */
function Actions({ group, preview }: { group: ReportGroup; preview: TargetPreview }) {
  const id = useId();
  const toast = useToast();
  const resolve = useResolveReport();
  const [note, setNote] = useState('');
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState<ModerationAction | null>(null);
  const [missing, setMissing] = useState(false);
  const [tomorrow] = useState(() => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
  const first = group.reports[0];
  const kind = KIND[group.target.type].toLowerCase();
  const author = preview.author?.username;
  if (!first) return null;

  const act = (action: ModerationAction) => {
    // A suspension with an end is set through the suspend endpoint, whose reason is required.
    if (action === 'suspend' && until && !note.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(action);
    resolve.mutate(
      {
        reportId: first.id,
        action,
        note: note.trim(),
        author,
        until: action === 'suspend' && until ? endOfDay(until) : undefined,
      },
      {
        onSuccess: () => toast.info(DONE[action]),
        onError: (error) => toast.error(error, () => act(action)),
        onSettled: () => setBusy(null),
      },
    );
  };
  const who = author ? ` ${author}` : ' the author';
  const disabled = busy !== null;

  return (
    <div className="mod-actions">
      <div className="field">
        <label className="field__label" htmlFor={`${id}-note`}>
          Note{' '}
          <span className="muted">(kept in the audit log; a warning or removal shows it to the author)</span>
        </label>
        <textarea
          id={`${id}-note`}
          className="field__input mod-actions__note"
          rows={2}
          maxLength={1000}
          value={note}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? `${id}-note-error` : undefined}
          onChange={(event) => setNote(event.target.value)}
          disabled={disabled}
        />
        {missing && (
          <p id={`${id}-note-error`} className="field__error" role="alert">
            Write why: a suspension with an end date needs a reason.
          </p>
        )}
      </div>
      <div className="field mod-actions__until">
        <label className="field__label" htmlFor={`${id}-until`}>
          Suspend until <span className="muted">(optional; empty: until lifted)</span>
        </label>
        <input
          id={`${id}-until`}
          type="date"
          className="field__input"
          min={tomorrow}
          value={until}
          onChange={(event) => setUntil(event.target.value)}
          disabled={disabled}
        />
      </div>
      <div className="mod-actions__buttons">
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          disabled={disabled}
          onClick={() => act('dismiss')}
        >
          {busy === 'dismiss' ? 'Dismissing…' : 'Dismiss'}
        </button>
        {(group.target.type === 'post' || group.target.type === 'comment') && (
          <button
            type="button"
            className="btn btn--secondary btn--sm"
            disabled={disabled}
            onClick={() => act('remove')}
          >
            {busy === 'remove' ? 'Removing…' : `Remove ${kind}`}
          </button>
        )}
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          disabled={disabled}
          onClick={() => act('warn')}
        >
          {busy === 'warn' ? 'Warning…' : `Warn${who}`}
        </button>
        <button
          type="button"
          className="btn btn--danger btn--sm"
          disabled={disabled}
          onClick={() => act('suspend')}
        >
          {busy === 'suspend' ? 'Suspending…' : `Suspend${who}`}
        </button>
      </div>
    </div>
  );
}

/**
 * After a target's reports are resolved, one more step may be due: suspending
 * the author of content that was removed, or removing the content of an author
 * who was suspended. One click, with the reason the API requires (the author
 * is shown it).
 */
function FollowUp({
  verb,
  busyVerb,
  doneText,
  author,
  withUntil,
  run,
  onDone,
}: {
  verb: string;
  busyVerb: string;
  doneText: string;
  author: string;
  withUntil: boolean;
  run: (reason: string, until: string | undefined) => Promise<unknown>;
  /** Told once the step succeeded; the card keeps saying so (this form goes away). */
  onDone: (doneText: string) => void;
}) {
  const id = useId();
  const toast = useToast();
  const [note, setNote] = useState('');
  const [until, setUntil] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tomorrow] = useState(() => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
  const send = () => {
    if (!note.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    run(note.trim(), withUntil && until ? endOfDay(until) : undefined).then(
      () => {
        toast.info(doneText);
        onDone(doneText);
      },
      (error: unknown) => {
        setBusy(false);
        toast.error(error, send);
      },
    );
  };
  return (
    <div className="mod-actions">
      <div className={`field${missing ? ' field--error' : ''}`}>
        <label className="field__label" htmlFor={`${id}-note`}>
          Reason <span className="muted">(shown to {author}; kept in the audit log)</span>
        </label>
        <textarea
          id={`${id}-note`}
          className="field__input mod-actions__note"
          rows={2}
          maxLength={1000}
          value={note}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? `${id}-note-error` : undefined}
          onChange={(event) => setNote(event.target.value)}
          disabled={busy}
        />
        {missing && (
          <p id={`${id}-note-error`} className="field__error" role="alert">
            Write the reason first.
          </p>
        )}
      </div>
      {withUntil && (
        <div className="field mod-actions__until">
          <label className="field__label" htmlFor={`${id}-until`}>
            Suspend until <span className="muted">(optional; empty: until lifted)</span>
          </label>
          <input
            id={`${id}-until`}
            type="date"
            className="field__input"
            min={tomorrow}
            value={until}
            onChange={(event) => setUntil(event.target.value)}
            disabled={busy}
          />
        </div>
      )}
      <div className="mod-actions__buttons">
        <button type="button" className="btn btn--danger btn--sm" disabled={busy} onClick={send}>
          {busy ? busyVerb : verb}
        </button>
      </div>
    </div>
  );
}

/**
 * The follow-up steps still due on a resolved target. A step taken from here is
 * remembered by the card (`done`), not by its form: removing a post refetches
 * the queue, and the refetched preview has no author or caption left to draw
 * the form with.
 */
function ResolvedFollowUps({
  group,
  preview,
  done,
  onDone,
}: {
  group: ReportGroup;
  preview: TargetPreview;
  done: string[];
  onDone: (doneText: string) => void;
}) {
  const suspend = useSuspend();
  const remove = useRemoveContent();
  const resolution = group.reports.find((r) => r.resolution)?.resolution;
  const author = preview.author?.username;
  const { type, id } = group.target;
  const removedText = type === 'post' ? 'Post removed.' : 'Comment removed.';
  const suspendedText = `${author} is suspended.`;
  return (
    <>
      {done.map((text) => (
        <p key={text} className="mod-card__resolution">
          {text}
        </p>
      ))}
      {author && resolution !== 'suspend' && !done.includes(suspendedText) && (
        <FollowUp
          verb={`Suspend ${author}`}
          busyVerb="Suspending…"
          doneText={suspendedText}
          author={author}
          withUntil
          run={(reason, until) => suspend.mutateAsync({ username: author, reason, until })}
          onDone={onDone}
        />
      )}
      {author &&
        (type === 'post' || type === 'comment') &&
        !preview.gone &&
        resolution !== 'remove' &&
        !done.includes(removedText) && (
          <FollowUp
            verb={`Remove ${type}`}
            busyVerb="Removing…"
            doneText={removedText}
            author={author}
            withUntil={false}
            run={(reason) => remove.mutateAsync({ type, id, reason })}
            onDone={onDone}
          />
        )}
    </>
  );
}

/** One reported target: what it is, who reported it and why, and (while open) what to do about it. */
export function ReportCard({ group }: { group: ReportGroup }) {
  const preview = readPreview(group.target);
  const kind = KIND[group.target.type];
  const headingId = useId();
  const resolution = group.reports.find((r) => r.resolution)?.resolution;
  const open = group.reports.some((r) => r.status === 'open');
  const [done, setDone] = useState<string[]>([]);
  const markDone = (text: string) => setDone((list) => (list.includes(text) ? list : [...list, text]));
  return (
    <article
      className="card mod-card"
      aria-labelledby={headingId}
      data-testid="report-group"
      data-target={`${group.target.type}:${group.target.id}`}
    >
      <header className="mod-card__header">
        <h2 id={headingId} className="mod-card__title">
          {kind}
          {preview.author && ` by ${preview.author.username}`}
        </h2>
        <span className="mod-card__count">{`${group.count} ${plural(group.count, 'report', 'reports')}`}</span>
      </header>
      <Preview preview={preview} kind={kind} />
      <ul className="mod-card__reports" aria-label="Reports">
        {group.reports.map((report) => (
          <ReportLine key={report.id} report={report} />
        ))}
      </ul>
      {open ? (
        <Actions group={group} preview={preview} />
      ) : (
        <>
          <p className="mod-card__resolution">
            {resolution ? (RESOLVED[resolution] ?? resolution) : 'Resolved'}
          </p>
          <ResolvedFollowUps group={group} preview={preview} done={done} onDone={markDone} />
        </>
      )}
    </article>
  );
}
