import { errorMessage } from '#/lib/api/client';
import './QueryError.css';

/** A failed load, in place of the content, with a way to ask again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div className="query-error" role="alert">
      <p>{errorMessage(error)}</p>
      <button type="button" className="btn" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
