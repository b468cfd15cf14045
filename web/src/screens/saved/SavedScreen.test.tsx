import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { useSaveToggle } from '#/state/queries/posts';
import { jsonResponse, makePost, renderWithProviders } from '#/test/utils';
import SavedScreen from './SavedScreen';

afterEach(() => vi.unstubAllGlobals());

function saved(id: string, alt: string) {
  const post = makePost({ id, savedByMe: true });
  return { ...post, media: post.media.map((m) => ({ ...m, alt })) };
}
const first = saved('11', 'harbour at dawn');
const second = saved('12', 'old town');
const third = saved('13', 'pier at night');

/** A button that unsaves `first` the way the post page does. */
function Unsave() {
  const toggle = useSaveToggle();
  return (
    <button type="button" onClick={() => toggle(first, false)}>
      unsave first
    </button>
  );
}

function renderSaved() {
  return renderWithProviders(
    <Routes>
      <Route
        path="/saved"
        element={
          <>
            <SavedScreen />
            <Unsave />
          </>
        }
      />
    </Routes>,
    { route: '/saved' },
  );
}

describe('SavedScreen', () => {
  it('lists saved posts as a grid, loads more, and drops a post unsaved elsewhere', async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
        const url = String(input);
        calls.push(`${init.method ?? 'GET'} ${url}`);
        if (url.startsWith('/api/v1/saved?') && url.includes('cursor=next')) {
          return jsonResponse(200, { items: [third], nextCursor: null });
        }
        if (url.startsWith('/api/v1/saved')) {
          return jsonResponse(200, { items: [first, second], nextCursor: 'next' });
        }
        if (url === '/api/v1/posts/11/save' && init.method === 'DELETE') {
          return jsonResponse(200, { saved: false });
        }
        return jsonResponse(404, { error: { code: 'not_found', message: 'Not found' } });
      }),
    );
    renderSaved();
    const grid = await screen.findByRole('list', { name: 'Saved posts' });
    expect(
      within(grid)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['/p/11', '/p/12']);

    // Infinite scroll's button (no IntersectionObserver in the test DOM).
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await screen.findByRole('link', { name: /pier at night/ });
    expect(calls.some((c) => c.includes('cursor=next'))).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'unsave first' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: /harbour at dawn/ })).toBeNull());
    expect(within(screen.getByRole('list', { name: 'Saved posts' })).getAllByRole('link')).toHaveLength(2);
    await waitFor(() => expect(calls).toContain('DELETE /api/v1/posts/11/save'));
  });

  it('says so when nothing is saved', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { items: [], nextCursor: null })),
    );
    renderSaved();
    expect(await screen.findByRole('heading', { name: 'Nothing saved yet' })).toBeTruthy();
  });

  it('shows an error with a retry', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(500, { error: { code: 'internal', message: 'x' } })),
    );
    renderSaved();
    expect(await screen.findByRole('button', { name: /try again|retry/i })).toBeTruthy();
  });
});
