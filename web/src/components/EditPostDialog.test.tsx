import { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Post } from '#/lib/api/types';
import { feedKeys } from '#/state/queries/feed';
import { postKeys } from '#/state/queries/posts';
import { userKeys } from '#/state/queries/profile';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, makePost, renderWithProviders } from '#/test/utils';
import { changesOf, validatePostEdit } from './EditPostDialog';
import { PostCard } from './PostCard';
import { PostMenu } from './PostMenu';

afterEach(() => vi.unstubAllGlobals());

type Feed = { pages: { items: Post[]; nextCursor: string | null }[]; pageParams: unknown[] };

const twoPhotos = (): Post => {
  const post = makePost();
  const [first] = post.media as [Post['media'][number]];
  return {
    ...post,
    media: [
      first,
      {
        ...first,
        url: '/media/b.jpg',
        alt: '',
        variants: [{ url: '/media/b-640.webp', width: 640, height: 640, type: 'image/webp' }],
      },
    ],
  };
};

function signedInAs(id: string, username: string): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  queryClient.setQueryData(sessionKeys.me, makeOwnUser({ id, username }));
  return queryClient;
}

function patchBodies(fetchMock: ReturnType<typeof vi.fn>): unknown[] {
  return fetchMock.mock.calls
    .filter(([, init]) => (init as RequestInit | undefined)?.method === 'PATCH')
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)));
}

async function openEditor() {
  await userEvent.click(screen.getByRole('button', { name: 'More options for the post by bob' }));
  await userEvent.click(screen.getByRole('menuitem', { name: 'Edit' }));
  return screen.findByRole('dialog', { name: 'Edit post' });
}

describe('validatePostEdit and changesOf', () => {
  it('apply the API limits and send only what changed', () => {
    expect(validatePostEdit('fine', ['', 'a dog'])).toEqual({});
    expect(validatePostEdit('x'.repeat(2201), ['ok', 'y'.repeat(1001)])).toEqual({
      caption: 'Use at most 2200 characters.',
      'alt[1]': 'Use at most 1000 characters.',
    });
    // Code points, as the server counts: 2200 emoji are a valid caption.
    expect(validatePostEdit('😀'.repeat(2200), [])).toEqual({});

    const post = twoPhotos();
    expect(changesOf(post, `  ${post.caption} `, ['A sunset', ' '])).toBeNull();
    expect(changesOf(post, 'New', ['A sunset', ''])).toEqual({ caption: 'New' });
    expect(changesOf(post, post.caption, ['A sunset', ' A dog '])).toEqual({ alt: ['A sunset', 'A dog'] });
  });
});

describe('Edit post', () => {
  it('is in the menu of the author only; others get Report', async () => {
    renderWithProviders(<PostMenu post={makePost()} />, { queryClient: signedInAs('1', 'ada') });
    await userEvent.click(screen.getByRole('button', { name: 'More options for the post by bob' }));
    expect(screen.getByRole('menuitem', { name: 'Report' })).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: 'Edit' })).toBeNull();
  });

  it('shows each photo beside its alt text, puts the API’s field error beside its field, then updates every copy', async () => {
    const post = twoPhotos();
    const queryClient = signedInAs('2', 'bob');
    queryClient.setQueryData(postKeys.detail(post.id), post);
    queryClient.setQueryData(feedKeys.home(), {
      pages: [{ items: [post], nextCursor: null }],
      pageParams: [null],
    });
    queryClient.setQueryData(userKeys.posts('bob'), {
      pages: [{ items: [post], nextCursor: null }],
      pageParams: [null],
    });
    let refuse = true;
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, init: RequestInit = {}) => {
      if (init.method !== 'PATCH') return jsonResponse(404, { error: { code: 'not_found', message: 'No' } });
      if (refuse) {
        refuse = false;
        return jsonResponse(422, {
          error: { code: 'invalid_value', message: 'An alt text is one line', field: 'alt[1]' },
        });
      }
      const body = JSON.parse(String(init.body)) as { caption: string; alt: string[] };
      return jsonResponse(200, {
        post: {
          ...post,
          caption: body.caption,
          media: post.media.map((m, i) => ({ ...m, alt: body.alt[i] })),
          editedAt: '2026-11-26T10:00:00.000Z',
        },
      });
    });
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<PostCard post={post} />, { queryClient });

    const dialog = await openEditor();
    const caption = within(dialog).getByLabelText('Caption');
    expect((caption as HTMLTextAreaElement).value).toBe('Sunset at the pier #sunset');
    const first = within(dialog).getByLabelText('Photo 1 of 2');
    const second = within(dialog).getByLabelText('Photo 2 of 2');
    expect((first as HTMLInputElement).value).toBe('A sunset');
    // Each alt field sits beside its own photo.
    expect(first.closest('.edit-post__alt')?.querySelector('img')?.getAttribute('src')).toBe(
      '/media/a-640.webp',
    );
    expect(second.closest('.edit-post__alt')?.querySelector('img')?.getAttribute('src')).toBe(
      '/media/b-640.webp',
    );

    await userEvent.clear(caption);
    await userEvent.type(caption, 'Sunrise, in fact');
    await userEvent.type(second, 'The pier at dawn');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect((await within(dialog).findByRole('alert')).textContent).toBe('An alt text is one line');
    expect(second.getAttribute('aria-invalid')).toBe('true');
    expect(first.getAttribute('aria-invalid')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(second));

    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit post' })).toBeNull());
    expect(patchBodies(fetchMock)).toEqual([
      { caption: 'Sunrise, in fact', alt: ['A sunset', 'The pier at dawn'] },
      { caption: 'Sunrise, in fact', alt: ['A sunset', 'The pier at dawn'] },
    ]);
    expect(String(fetchMock.mock.calls[0]?.[0])).toMatch(/\/api\/v1\/posts\/100$/);

    const detail = queryClient.getQueryData<Post>(postKeys.detail(post.id));
    const home = queryClient.getQueryData<Feed>(feedKeys.home())?.pages[0]?.items[0];
    const grid = queryClient.getQueryData<Feed>(userKeys.posts('bob'))?.pages[0]?.items[0];
    for (const copy of [detail, home, grid]) {
      expect(copy?.caption).toBe('Sunrise, in fact');
      expect(copy?.media.map((m) => m.alt)).toEqual(['A sunset', 'The pier at dawn']);
      expect(copy?.editedAt).toBe('2026-11-26T10:00:00.000Z');
    }
  });

  it('checks the limits before sending, and sends nothing when nothing changed', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { post: makePost() }));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<PostMenu post={makePost()} />, { queryClient: signedInAs('2', 'bob') });

    let dialog = await openEditor();
    const alt = within(dialog).getByLabelText('Photo');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit post' })).toBeNull());
    expect(fetchMock).not.toHaveBeenCalled();

    dialog = await openEditor();
    const caption = within(dialog).getByLabelText('Caption');
    await userEvent.click(caption);
    await userEvent.paste('x'.repeat(2200));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Use at most 2200 characters.');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(alt.isConnected).toBe(false);
  });
});

describe('Edited mark', () => {
  it('shows beside the date once a post was edited, with the time of the edit as its tooltip', () => {
    const { unmount } = renderWithProviders(<PostCard post={makePost()} />);
    expect(screen.queryByText('Edited')).toBeNull();
    unmount();
    renderWithProviders(<PostCard post={makePost({ editedAt: '2026-11-26T12:00:00.000Z' })} />);
    const mark = screen.getByText('Edited');
    expect(mark.getAttribute('dateTime')).toBe('2026-11-26T12:00:00.000Z');
    expect(mark.closest('[title]')?.getAttribute('title')).toMatch(/^Edited Nov 26, 2026/);
  });
});
