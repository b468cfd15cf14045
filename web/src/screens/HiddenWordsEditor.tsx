import { type FormEvent, useId, useState } from 'react';
import { CloseIcon } from '#/components/Icons';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { errorMessage } from '#/lib/api/client';
import { useHiddenWords, useSetHiddenWords } from '#/state/queries/safety';

export const MAX_WORDS = 100;
export const MAX_WORD_LENGTH = 50;

/** Why `word` cannot join `words` (the API's rules, checked first), or null when it can. */
export function checkHiddenWord(word: string, words: string[]): string | null {
  if (!word) return 'Type a word or phrase first.';
  if ([...word].length > MAX_WORD_LENGTH) return `Use at most ${MAX_WORD_LENGTH} characters.`;
  if (words.some((w) => w.toLowerCase() === word.toLowerCase())) return 'That word is already on your list.';
  if (words.length >= MAX_WORDS) return `You can hide at most ${MAX_WORDS} words. Remove one first.`;
  return null;
}

/**
 * Words and phrases that hide comments on my posts and message requests. Each
 * change is saved at once; what the API refuses shows under the field.
 */
export function HiddenWordsEditor() {
  const id = useId();
  const words = useHiddenWords();
  const save = useSetHiddenWords();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = words.data ?? [];

  const store = (next: string[], after?: () => void) => {
    setError(null);
    save.mutate(next, { onSuccess: after, onError: (failure) => setError(errorMessage(failure)) });
  };

  const onAdd = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const word = draft.trim();
    const problem = checkHiddenWord(word, list);
    if (problem) {
      setError(problem);
      return;
    }
    store([...list, word], () => setDraft(''));
  };

  if (words.isPending) return <Spinner />;
  if (words.isError) return <QueryError error={words.error} onRetry={() => void words.refetch()} />;

  return (
    <div className="card settings-card hidden-words">
      <form className="hidden-words__add" onSubmit={onAdd} noValidate>
        <div className={`field${error ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor={`${id}-word`}>
            Add a word or phrase
          </label>
          <div className="hidden-words__row">
            <input
              id={`${id}-word`}
              className="field__input"
              value={draft}
              maxLength={MAX_WORD_LENGTH * 2}
              autoCapitalize="none"
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
              onChange={(event) => setDraft(event.target.value)}
              disabled={save.isPending}
            />
            <button type="submit" className="btn btn--primary" disabled={save.isPending}>
              Add
            </button>
          </div>
          <p id={`${id}-hint`} className="field__hint">
            Comments on your posts and message requests that contain one are hidden from you. Up to{' '}
            {MAX_WORDS} words of {MAX_WORD_LENGTH} characters; {list.length} used.
          </p>
          {error && (
            <p id={`${id}-error`} className="field__error" role="alert">
              {error}
            </p>
          )}
        </div>
      </form>
      {list.length > 0 && (
        <ul className="hidden-words__list" aria-label="Hidden words">
          {list.map((word) => (
            <li key={word} className="hidden-words__chip">
              <span>{word}</span>
              <button
                type="button"
                className="hidden-words__remove"
                aria-label={`Remove ${word}`}
                disabled={save.isPending}
                onClick={() => store(list.filter((w) => w !== word))}
              >
                <CloseIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
