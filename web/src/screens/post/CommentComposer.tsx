import { forwardRef, type FormEvent, type KeyboardEvent, useState } from 'react';
import { useToast } from '#/app/toasts';
import { codePointLength } from '#/lib/rich-text';
import { useAddComment } from '#/state/queries/posts';

export const COMMENT_MAX = 2200;

/** "Add a comment…": Enter sends, Shift+Enter starts a new line. */
export const CommentComposer = forwardRef<HTMLTextAreaElement, { postId: string }>(function CommentComposer(
  { postId },
  ref,
) {
  const [text, setText] = useState('');
  const add = useAddComment(postId);
  const toast = useToast();
  const length = codePointLength(text.trim());
  const tooLong = length > COMMENT_MAX;
  const canSend = length > 0 && !tooLong && !add.isPending;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    add.mutate(text.trim(), {
      onSuccess: () => setText(''),
      onError: (error) => toast.error(error),
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="comment-composer" onSubmit={submit}>
      <label htmlFor={`comment-${postId}`} className="visually-hidden">
        Add a comment
      </label>
      <textarea
        ref={ref}
        id={`comment-${postId}`}
        name="comment"
        className="comment-composer__input"
        placeholder="Add a comment…"
        rows={1}
        value={text}
        aria-invalid={tooLong || undefined}
        aria-describedby={tooLong ? `comment-${postId}-error` : undefined}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="comment-composer__send" disabled={!canSend}>
        {add.isPending ? 'Posting…' : 'Post'}
      </button>
      {tooLong && (
        <p id={`comment-${postId}-error`} className="field__error comment-composer__error" role="alert">
          A comment can be at most {COMMENT_MAX.toLocaleString('en-US')} characters (
          {length.toLocaleString('en-US')} now).
        </p>
      )}
    </form>
  );
});
