import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { isApiError } from '#/lib/api/client';
import { importsApi } from '#/lib/api/endpoints';
import type { Import } from '#/lib/api/types';
import { importKeys, isRunning, useImport, useLatestImport } from '#/state/queries/imports';
import './instagram-import.css';

const REASONS: Record<string, string> = {
  video: 'Video (videos are not imported)',
  too_many_photos: 'More than 10 photos in one post',
  invalid_post: 'Not a post we could read',
  bad_uri: 'Path outside the archive',
  missing_file: 'Photo missing from the archive',
  not_an_image: 'Not an image',
  invalid_image: 'Image that cannot be read',
  too_large: 'File too large',
  zip_bomb: 'Compressed suspiciously well (zip bomb)',
  damaged: 'Damaged in the archive',
};

function Bar({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  const percent = max > 0 ? Math.round((Math.min(value, max) / max) * 100) : 0;
  return (
    <div className="ig-import__progress">
      <div
        className="ig-import__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <div className="ig-import__bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="muted small">{text}</p>
    </div>
  );
}

function Report({ item }: { item: Import }) {
  if (item.status === 'failed') {
    return (
      <div className="ig-import__report" role="alert">
        <p className="strong">
          The import stopped: {item.error?.message ?? 'the archive could not be read'}.
        </p>
        {item.done > 0 && <p className="muted small">{item.done} posts were imported before it stopped.</p>}
      </div>
    );
  }
  const problems = item.problems ?? [];
  return (
    <div className="ig-import__report" role="status">
      <p className="strong">
        Imported {item.done} {item.done === 1 ? 'post' : 'posts'} ({item.photos}{' '}
        {item.photos === 1 ? 'photo' : 'photos'}) with their original dates.
      </p>
      <ul className="ig-import__counts muted small">
        {item.alreadyImported > 0 && (
          <li>{item.alreadyImported} already imported before, left as they were</li>
        )}
        {item.videosSkipped > 0 && <li>{item.videosSkipped} videos skipped</li>}
        {item.skipped - item.alreadyImported > 0 && (
          <li>{item.skipped - item.alreadyImported} posts with nothing to import</li>
        )}
        {item.failed > 0 && <li>{item.failed} posts could not be imported</li>}
      </ul>
      {problems.length > 0 && (
        <details className="ig-import__problems">
          <summary>
            What was left out ({item.problemCount ?? problems.length}
            {(item.problemCount ?? 0) > problems.length ? `, the first ${problems.length} listed` : ''})
          </summary>
          <ul aria-label="Import report">
            {problems.map((p, k) => (
              <li key={k}>
                <span className="strong">
                  Post {p.post + 1}
                  {p.photo !== null ? `, photo ${p.photo + 1}` : ''}:
                </span>{' '}
                {REASONS[p.reason] ?? p.message}
                {p.uri && <span className="muted small block">{p.uri}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/**
 * Settings → Import from Instagram: choose the ZIP of Instagram's "Download your
 * information" (JSON), watch it upload, then the import's own progress (pushed by
 * `import:progress`), then the report of what was left out and why.
 */
export function InstagramImport() {
  const queryClient = useQueryClient();
  const latest = useLatestImport();
  const [startedId, setStartedId] = useState<string | null>(null);
  const id = startedId ?? latest.data?.id ?? null;
  const current = useImport(id);
  const [upload, setUpload] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const item = current.data ?? (latest.data && latest.data.id === id ? latest.data : undefined);
  const running = upload !== null || isRunning(item);

  const start = async (file: File) => {
    setError(null);
    setUpload(0);
    try {
      const started = await importsApi.start(file, ({ loaded, total }) =>
        setUpload(total > 0 ? loaded / total : 0),
      );
      queryClient.removeQueries({ queryKey: importKeys.detail(started.import.id) });
      setStartedId(started.import.id);
    } catch (e) {
      if (isApiError(e) && e.status === 413) setError('This archive is larger than this server accepts.');
      else setError(isApiError(e) ? e.message : 'The upload did not finish. Try again.');
    } finally {
      setUpload(null);
      if (input.current) input.current.value = '';
    }
  };

  const handled = item ? item.done + item.skipped + item.failed : 0;
  return (
    <div className="card settings-card ig-import">
      <p className="muted small">
        In Instagram, ask for “Download your information” in <span className="strong">JSON</span> format, then
        choose the ZIP file here. Your photos and carousels come with their captions and original dates;
        followers are not notified. Importing the same archive again adds nothing twice.
      </p>
      <label className="btn btn--primary ig-import__choose" aria-disabled={running}>
        {running ? 'Importing…' : 'Choose archive…'}
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          accept=".zip,application/zip"
          aria-label="Instagram archive (ZIP)"
          disabled={running}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void start(file);
          }}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {upload !== null && (
        <Bar
          label="Uploading archive"
          value={upload}
          max={1}
          text={upload >= 1 ? 'Uploaded, starting the import…' : `Uploading… ${Math.round(upload * 100)}%`}
        />
      )}
      {upload === null && item && isRunning(item) && (
        <Bar
          label="Importing posts"
          value={handled}
          max={item.total}
          text={item.total > 0 ? `${handled} of ${item.total} posts` : 'Reading the archive…'}
        />
      )}
      {upload === null && item && !isRunning(item) && <Report item={item} />}
    </div>
  );
}
