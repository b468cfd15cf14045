import { useToast } from '#/app/toasts';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { type ExportState, useDataExport, useRequestDataExport } from '#/state/queries/data-export';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric' });
}

function Status({ state }: { state: ExportState }) {
  switch (state.status) {
    case 'pending':
      return (
        <p className="muted small" role="status">
          Preparing your archive… This can take a while; you can leave this page and come back.
        </p>
      );
    case 'ready':
      return (
        <p className="small">
          <a className="btn btn--primary btn--sm" href={state.url} download>
            Download your archive
          </a>{' '}
          <span className="muted">
            {state.sizeBytes !== undefined && `${formatSize(state.sizeBytes)} · `}
            {state.expiresAt && (
              <>
                Available until <time dateTime={state.expiresAt}>{formatDate(state.expiresAt)}</time>
              </>
            )}
          </span>
        </p>
      );
    case 'failed':
      return (
        <p className="small" role="alert">
          Your last archive could not be made. You can ask again.
        </p>
      );
    default:
      return null;
  }
}

/**
 * "Download your information": ask for a ZIP of my profile, posts, photos, comments,
 * likes, follows and conversations; the server builds it in the background, this
 * section polls until it is ready and then links to it until it expires.
 */
export function DataExportSection() {
  const state = useDataExport();
  const request = useRequestDataExport();
  const toast = useToast();

  if (state.isPending) return <Spinner label="Loading your data export" />;
  if (state.isError) return <QueryError error={state.error} onRetry={() => void state.refetch()} />;
  const current = state.data;
  return (
    <div className="card settings-card data-export">
      <p className="small">
        Get a copy of what you shared on Lenslet: your profile, posts with their photos, comments, likes,
        saved posts, followers and the people you follow, and your conversations.
      </p>
      <Status state={current} />
      {current.status !== 'pending' && (
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          disabled={request.isPending}
          onClick={() => request.mutate(undefined, { onError: (error) => toast.error(error) })}
        >
          {request.isPending
            ? 'Asking…'
            : current.status === 'ready'
              ? 'Make a new archive'
              : 'Request your archive'}
        </button>
      )}
    </div>
  );
}
