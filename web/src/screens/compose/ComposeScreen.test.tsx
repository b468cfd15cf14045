import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Link, Route, Routes } from 'react-router';
import { AppRouter } from '#/app/AppRouter';
import { AppHistory } from '#/app/history';
import { ThemeProvider } from '#/app/theme';
import { ToastProvider } from '#/app/toasts';
import { uploadPost } from '#/lib/api/upload';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, makePost } from '#/test/utils';
import ComposeScreen from './ComposeScreen';

vi.mock('#/lib/api/upload', () => ({ uploadPost: vi.fn() }));
const upload = vi.mocked(uploadPost);

// The guard needs the app's router (its history holds the blocker).
let mounted: AppHistory | undefined;

/** The composer at /new; `from`: the page before it in the tab's history (for Back). */
function renderScreen(from?: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(sessionKeys.me, makeOwnUser());
  if (from) {
    window.history.replaceState({ usr: null, key: 'from', idx: 0 }, '', from);
    window.history.pushState({ usr: null, key: 'new', idx: 1 }, '', '/new');
  } else {
    window.history.replaceState(null, '', '/new');
  }
  const history = new AppHistory(window);
  mounted = history;
  render(
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <ToastProvider>
          <AppRouter history={history}>
            <Routes>
              <Route
                path="/new"
                element={
                  <>
                    <Link to="/explore">Explore</Link>
                    <ComposeScreen />
                  </>
                }
              />
              <Route path="/explore" element={<p>explore page</p>} />
              <Route path="/p/:id" element={<p>post page</p>} />
            </Routes>
          </AppRouter>
        </ToastProvider>
      </ThemeProvider>
    </QueryClientProvider>,
  );
  return history;
}

/** Whether a page unload now would be asked about (what the browser's prompt depends on). */
function unloadIsHeld(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

const user = () => userEvent.setup({ applyAccept: false });

beforeEach(() => {
  upload.mockReset();
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => jsonResponse(404, { error: { code: 'not_found', message: 'Not here' } })),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  mounted?.dispose();
  mounted = undefined;
});

describe('leaving the composer', () => {
  it('is free while nothing is picked or typed (a blank caption counts as nothing)', async () => {
    const history = renderScreen();
    const u = user();
    await u.type(await screen.findByLabelText('Caption'), '   ');
    expect(unloadIsHeld()).toBe(false);
    await u.click(screen.getByRole('link', { name: 'Explore' }));
    expect(await screen.findByText('explore page')).toBeTruthy();
    expect(history.location.pathname).toBe('/explore');
  });

  it('asks first once a caption is typed: Cancel stays with the work, Discard leaves', async () => {
    const history = renderScreen();
    const u = user();
    await u.type(await screen.findByLabelText('Caption'), 'Low tide');
    expect(unloadIsHeld()).toBe(true);

    await u.click(screen.getByRole('link', { name: 'Explore' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard this post?' });
    expect(history.location.pathname).toBe('/new');
    // Focus starts on the safe choice.
    expect(document.activeElement?.textContent).toBe('Cancel');
    await u.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(dialog.isConnected).toBe(false);
    expect(history.location.pathname).toBe('/new');
    expect((screen.getByLabelText('Caption') as HTMLTextAreaElement).value).toBe('Low tide');

    await u.click(screen.getByRole('link', { name: 'Explore' }));
    await u.click(await screen.findByRole('button', { name: 'Discard' }));
    expect(await screen.findByText('explore page')).toBeTruthy();
    // Gone with the composer: nothing holds the tab any more.
    expect(unloadIsHeld()).toBe(false);
  });

  it('asks on Back too: Cancel stays on the page, Discard goes back', async () => {
    const history = renderScreen('/explore');
    const u = user();
    await u.type(await screen.findByLabelText('Caption'), 'Low tide');

    window.history.back();
    const dialog = await screen.findByRole('dialog', { name: 'Discard this post?' });
    // The browser's Back was undone until the visitor decides.
    await vi.waitFor(() => expect(window.location.pathname).toBe('/new'));
    expect(history.location.pathname).toBe('/new');
    await u.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(dialog.isConnected).toBe(false);
    expect((screen.getByLabelText('Caption') as HTMLTextAreaElement).value).toBe('Low tide');

    window.history.back();
    await u.click(await screen.findByRole('button', { name: 'Discard' }));
    expect(await screen.findByText('explore page')).toBeTruthy();
    expect(window.location.pathname).toBe('/explore');
    expect(history.location.pathname).toBe('/explore');
    expect(unloadIsHeld()).toBe(false);
  });

  it('asks once photos are picked, even without a caption', async () => {
    const history = renderScreen();
    const u = user();
    await u.upload(
      await screen.findByLabelText('Select photos'),
      new File(['x'], 'a.jpg', { type: 'image/jpeg' }),
    );
    expect(unloadIsHeld()).toBe(true);
    await u.click(screen.getByRole('link', { name: 'Explore' }));
    expect(await screen.findByRole('dialog', { name: 'Discard this post?' })).toBeTruthy();
    expect(history.location.pathname).toBe('/new');
  });

  it('does not ask on the way to the new post once it is shared', async () => {
    upload.mockResolvedValue(makePost({ id: '77' }));
    const history = renderScreen();
    const u = user();
    await u.upload(
      await screen.findByLabelText('Select photos'),
      new File(['x'], 'a.jpg', { type: 'image/jpeg' }),
    );
    await u.type(screen.getByLabelText('Caption'), 'Shared');
    await u.click(screen.getByRole('button', { name: 'Share' }));
    expect(await screen.findByText('post page')).toBeTruthy();
    expect(history.location.pathname).toBe('/p/77');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(unloadIsHeld()).toBe(false);
  });
});
