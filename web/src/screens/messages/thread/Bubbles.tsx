// One message on screen: a sent one (Bubble) and one still in the outbox (PendingBubble).
import type { Message } from '#/lib/api/types';
import { useObjectUrlSrc } from '#/lib/hooks/useObjectUrl';
import type { PendingMessage } from '../outbox';

/** The smallest rendition at least 480 px wide (2× the bubble's 240 px), else the largest stored. */
function bubbleSource(media: NonNullable<Message['media']>): string {
  const wide = media.variants.filter((v) => v.width >= 480).sort((a, b) => a.width - b.width);
  return wide[0]?.url ?? media.url;
}

export function Bubble({ message, mine }: { message: Message; mine: boolean }) {
  const media = message.media;
  return (
    <div className={`bubble${mine ? ' bubble--mine' : ''}`} data-testid="message">
      {media && (
        <img
          className="bubble__image"
          src={bubbleSource(media)}
          width={media.width}
          height={media.height}
          alt={media.alt || 'Photo'}
          loading="lazy"
        />
      )}
      {message.text && <p className="bubble__text">{message.text}</p>}
    </div>
  );
}

/** A photo picked on this device, before it is uploaded. */
export function LocalImage({ file, alt, className }: { file: File; alt: string; className?: string }) {
  const ref = useObjectUrlSrc(file);
  return <img ref={ref} className={className} alt={alt} />;
}

/** "Uploading… 42%" while the bytes go, "Sending…" once the server has them all and resizes. */
export function UploadStatus({ progress }: { progress: number | null }) {
  if (progress === null) return <>Uploading…</>;
  const percent = Math.min(100, Math.round(progress * 100));
  if (percent >= 100) return <>Sending…</>;
  return (
    <>
      Uploading… <span data-testid="upload-percent">{percent}%</span>
      <progress className="visually-hidden" max={100} value={percent} aria-label="Photo upload" />
    </>
  );
}

export function PendingBubble({
  item,
  onRetry,
  onDiscard,
}: {
  item: PendingMessage;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  return (
    <li className="thread__row thread__row--mine">
      <div className={`bubble bubble--mine bubble--pending`} data-testid="pending-message">
        {item.image && <LocalImage file={item.image} className="bubble__image" alt="Photo being sent" />}
        {item.text && <p className="bubble__text">{item.text}</p>}
      </div>
      {item.status === 'sending' ? (
        <span className="thread__meta muted">
          {item.image ? <UploadStatus progress={item.progress} /> : 'Sending…'}
        </span>
      ) : (
        <span className="thread__meta thread__meta--error">
          <button type="button" className="link-btn" onClick={onRetry}>
            Not sent — retry
          </button>{' '}
          <button type="button" className="link-btn muted" onClick={onDiscard}>
            Delete
          </button>
        </span>
      )}
    </li>
  );
}
