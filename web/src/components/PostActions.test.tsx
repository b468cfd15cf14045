import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Post } from '#/lib/api/types';
import { postKeys, usePost } from '#/state/queries/posts';
import { jsonResponse, makePost, renderWithProviders } from '#/test/utils';
import { PostActions } from './PostActions';

function Harness({ id }: { id: string }) {
  const post = usePost(id);
  return post.data ? <PostActions post={post.data} /> : null;
}

afterEach(() => vi.unstubAllGlobals());

function likeCalls(fetchMock: ReturnType<typeof vi.fn>) {
  return fetchMock.mock.calls
    .filter(([url]) => String(url).endsWith('/like'))
    .map(([, init]) => (init as RequestInit | undefined)?.method);
}

describe('PostActions', () => {
  it('like, unlike, like in quick succession sends one like, and the count shows at once', async () => {
    let release: () => void = () => undefined;
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      if (url.endsWith('/posts/100/like') && init.method === 'POST') {
        await new Promise<void>((resolve) => (release = resolve));
        return jsonResponse(200, { liked: true, likeCount: 8 });
      }
      if (url.endsWith('/posts/100/like')) return jsonResponse(200, { liked: false, likeCount: 7 });
      return jsonResponse(200, { post: makePost({ id: '100', likeCount: 3 }) });
    });
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = renderWithProviders(<Harness id="100" />);
    queryClient.setQueryData<Post>(postKeys.detail('100'), makePost({ id: '100', likeCount: 3 }));

    const like = await screen.findByRole('button', { name: 'Like' });
    await userEvent.click(like);
    expect(like.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('like-count').textContent).toBe('4 likes');
    await userEvent.click(like); // unlike while the like is on its way
    expect(screen.getByTestId('like-count').textContent).toBe('3 likes');
    await userEvent.click(like); // and like again
    expect(screen.getByTestId('like-count').textContent).toBe('4 likes');

    release();
    // The server's count wins once everything settled.
    await waitFor(() => expect(screen.getByTestId('like-count').textContent).toBe('8 likes'));
    expect(likeCalls(fetchMock)).toEqual(['POST']);
  });

  it('rolls back and offers a retry when the like fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) =>
        String(input).endsWith('/like')
          ? jsonResponse(404, { error: { code: 'not_found', message: 'That post is gone' } })
          : jsonResponse(401, {}),
      ),
    );
    const { queryClient } = renderWithProviders(<Harness id="100" />);
    queryClient.setQueryData<Post>(postKeys.detail('100'), makePost({ id: '100', likeCount: 3 }));
    await userEvent.click(await screen.findByRole('button', { name: 'Like' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/That post is gone/);
    expect(screen.getByTestId('like-count').textContent).toBe('3 likes');
    expect(screen.getByRole('button', { name: 'Like' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('unliking a post the caller can no longer see (204, no count) keeps the optimistic count', async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) =>
      String(input).endsWith('/posts/100/like') && init.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : jsonResponse(401, {}),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = renderWithProviders(<Harness id="100" />);
    queryClient.setQueryData<Post>(
      postKeys.detail('100'),
      makePost({ id: '100', likeCount: 3, likedByMe: true }),
    );
    const like = await screen.findByRole('button', { name: 'Like' });
    await userEvent.click(like);
    await waitFor(() => expect(likeCalls(fetchMock)).toEqual(['DELETE']));
    await waitFor(() =>
      expect(queryClient.getQueryData<Post>(postKeys.detail('100'))?.likedByMe).toBe(false),
    );
    expect(screen.getByTestId('like-count').textContent).toBe('2 likes');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('saves with one request', async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) =>
      String(input).endsWith('/save') ? jsonResponse(200, { saved: true }) : jsonResponse(401, {}),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = renderWithProviders(<Harness id="100" />);
    queryClient.setQueryData<Post>(postKeys.detail('100'), makePost({ id: '100' }));
    const save = await screen.findByRole('button', { name: 'Save' });
    await userEvent.click(save);
    await waitFor(() => expect(save.getAttribute('aria-pressed')).toBe('true'));
    expect(fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/save'))).toHaveLength(1);
  });
});
