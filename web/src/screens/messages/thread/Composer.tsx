import { useRef, useState } from 'react';
import { CameraIcon, CloseIcon } from '#/components/Icons';
import { LocalImage } from './Bubbles';

/** How often a person typing tells the others: the indicator lasts 5 s, so every 2 s keeps it on. */
export const TYPING_EVERY_MS = 2_000;

/** The message box: text and at most one photo; Enter sends, Shift+Enter breaks the line. */
export function Composer({
  onSend,
  onTyping,
}: {
  onSend: (text: string, image: File | null) => void;
  onTyping: () => void;
}) {
  const [text, setText] = useState('');
  const [image, setImage] = useState<File | null>(null);
  const lastTyping = useRef(0);
  const fileRef = useRef<HTMLInputElement>(null);
  const canSend = text.trim().length > 0 || image !== null;

  const send = () => {
    if (!canSend) return;
    onSend(text, image);
    setText('');
    setImage(null);
    lastTyping.current = 0;
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {image && (
        <div className="composer__attachment">
          <LocalImage file={image} alt="Photo to send" />
          <button type="button" className="icon-btn" aria-label="Remove photo" onClick={() => setImage(null)}>
            <CloseIcon size={16} />
          </button>
        </div>
      )}
      <div className="composer__row">
        <button
          type="button"
          className="icon-btn"
          aria-label="Attach a photo"
          onClick={() => fileRef.current?.click()}
        >
          <CameraIcon />
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="image/*"
          hidden
          data-testid="message-image"
          onChange={(event) => {
            setImage(event.target.files?.[0] ?? null);
            event.target.value = '';
          }}
        />
        <textarea
          className="composer__input"
          rows={1}
          placeholder="Message…"
          aria-label="Message"
          maxLength={4000}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            const now = Date.now();
            if (event.target.value && now - lastTyping.current >= TYPING_EVERY_MS) {
              lastTyping.current = now;
              onTyping();
            }
          }}
          onKeyDown={(event) => {
            // Enter sends, Shift+Enter starts a new line; not while an IME is composing.
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        <button type="submit" className="btn btn--ghost" disabled={!canSend}>
          Send
        </button>
      </div>
    </form>
  );
}
