import { QueryClient } from '@tanstack/react-query';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Import } from '#/lib/api/types';
import { receiveImportProgress } from '#/state/queries/imports';
import { jsonResponse, renderWithProviders } from '#/test/utils';
import { InstagramImport } from './InstagramImport';

afterEach(() => vi.unstubAllGlobals());

const base: Import = {
  id: '7',
  source: 'instagram',
  status: 'running',
  total: 500,
  done: 0,
  skipped: 0,
  failed: 0,
  alreadyImported: 0,
  photos: 0,
  videosSkipped: 0,
  createdAt: '2026-12-06T10:00:00.000Z',
  finishedAt: null,
  error: null,
};

const finished: Import = {
  ...base,
  status: 'done',
  done: 447,
  skipped: 50,
  failed: 3,
  photos: 612,
  videosSkipped: 100,
  finishedAt: '2026-12-06T10:05:00.000Z',
  problems: [
    {
      post: 17,
      photo: 0,
      uri: 'media/posts/doc.jpg',
      outcome: 'failed',
      reason: 'not_an_image',
      message: 'x',
    },
    {
      post: 20,
      photo: null,
      uri: '',
      outcome: 'failed',
      reason: 'invalid_post',
      message: 'The post has no date',
    },
  ],
  problemCount: 2,
};

/**
 * A stand-in XMLHttpRequest for the archive upload: reports 40 % at once, then answers
 * 202 (or `status`) when the test calls `finish` (at once when `hold` is false).
 */
function fakeXhr(
  status = 202,
  body = JSON.stringify({ import: { id: '7', status: 'queued' } }),
  hold = false,
) {
  const sent: FormData[] = [];
  const pending: (() => void)[] = [];
  const finish = () => pending.splice(0).forEach((answer) => answer());
  class FakeXhr {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: ProgressEvent) => void) | null; onload: (() => void) | null } = {
      onprogress: null,
      onload: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    onabort: (() => void) | null = null;
    withCredentials = false;
    open() {}
    setRequestHeader() {}
    getResponseHeader() {
      return null;
    }
    abort() {}
    send(data: FormData) {
      sent.push(data);
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 40, total: 100 } as ProgressEvent);
        const answer = () => {
          this.status = status;
          this.responseText = body;
          this.onload?.();
        };
        if (hold) pending.push(answer);
        else answer();
      }, 0);
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return { sent, finish };
}

function serve(detail: () => Import, latest: Import | null = null) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: RequestInfo | URL) => {
      const path = String(url);
      if (path.includes('/api/v1/imports/7')) return jsonResponse(200, detail());
      if (path.includes('/api/v1/imports'))
        return jsonResponse(200, { items: latest ? [latest] : [], nextCursor: null });
      return jsonResponse(404, { error: { code: 'not_found', message: 'No' } });
    }),
  );
}

const client = () =>
  new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

describe('InstagramImport', () => {
  it('uploads the archive with its progress, follows the import live, then shows the report', async () => {
    let now: Import = { ...base, status: 'queued', total: 0 };
    serve(() => now);
    const { sent, finish } = fakeXhr(undefined, undefined, true);
    const queryClient = client();
    renderWithProviders(<InstagramImport />, { queryClient });
    const file = new File(['PK'], 'instagram.zip', { type: 'application/zip' });
    await userEvent.upload(await screen.findByLabelText('Instagram archive (ZIP)'), file);

    const uploading = await screen.findByRole('progressbar', { name: 'Uploading archive' });
    await waitFor(() => expect(uploading.getAttribute('aria-valuenow')).toBe('40'));
    expect((sent[0]?.get('archive') as File).name).toBe('instagram.zip');
    act(() => finish());

    // The socket's `import:progress` moves the bar.
    const importing = await screen.findByRole('progressbar', { name: 'Importing posts' });
    act(() => receiveImportProgress(queryClient, { ...base, done: 200, skipped: 50 }));
    await waitFor(() => expect(importing.getAttribute('aria-valuetext')).toBe('250 of 500 posts'));
    expect(importing.getAttribute('aria-valuenow')).toBe('50');

    now = finished;
    act(() =>
      receiveImportProgress(queryClient, { ...finished, problems: undefined, problemCount: undefined }),
    );
    const report = await screen.findByRole('status');
    expect(report.textContent).toMatch(/Imported 447 posts \(612 photos\) with their original dates/);
    expect(report.textContent).toMatch(/100 videos skipped/);
    expect(report.textContent).toMatch(/3 posts could not be imported/);
    const lines = await within(report).findAllByRole('listitem');
    expect(lines.map((li) => li.textContent)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Post 18, photo 1: Not an imagemedia\/posts\/doc\.jpg/),
        expect.stringMatching(/^Post 21: Not a post we could read/),
      ]),
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows an import already running when the screen opens, and says why a whole import failed', async () => {
    serve(
      () => ({
        ...base,
        status: 'failed',
        error: { reason: 'broken_json', message: 'The list of posts is not valid JSON' },
        finishedAt: base.createdAt,
      }),
      {
        ...base,
        done: 10,
      },
    );
    const queryClient = client();
    renderWithProviders(<InstagramImport />, { queryClient });
    expect(await screen.findByText('Importing…')).toBeTruthy();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/The import stopped: The list of posts is not valid JSON/);
  });

  it('says when the archive is too large for the server', async () => {
    serve(() => base);
    fakeXhr(413, JSON.stringify({ error: { code: 'payload_too_large', message: 'Too large' } }));
    renderWithProviders(<InstagramImport />, { queryClient: client() });
    await userEvent.upload(
      await screen.findByLabelText('Instagram archive (ZIP)'),
      new File(['PK'], 'big.zip'),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This archive is larger than this server accepts.',
    );
  });
});
