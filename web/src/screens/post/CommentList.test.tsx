import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Comment, Post } from '#/lib/api/types';
import { postKeys } from '#/state/queries/posts';
import { jsonResponse, makePost, renderWithProviders } from '#/test/utils';
import { CommentList } from './CommentList';

const ada = { id: '1', username: 'ada', displayName: 'Ada', avatarUrl: null };
const bob = { id: '2', username: 'bob', displayName: 'Bob', avatarUrl: null };

function comment(id: string, author: Comment['author'], text: string): Comment {
  return { id, postId: '100', author, text, createdAt: '2026-11-25T09:30:00.000Z' };
}

function stub(pages: Record<string, { items: Comment[]; nextCursor: string | null }>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://x');
    if (init.method === 'DELETE') return new Response(null, { status: 204 });
    if (url.pathname.endsWith('/comments'))
      return jsonResponse(200, pages[url.searchParams.get('cursor') ?? '']);
    return jsonResponse(401, {});
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe('CommentList', () => {
  it('shows comments oldest first and loads the next page on request', async () => {
    stub({
      '': { items: [comment('1', bob, 'first'), comment('2', ada, 'second')], nextCursor: 'c2' },
      c2: { items: [comment('3', bob, 'third')], nextCursor: null },
    });
    renderWithProviders(<CommentList post={makePost({ author: bob })} meId="1" />);
    await screen.findByText('second');
    await userEvent.click(screen.getByRole('button', { name: 'View more comments' }));
    await screen.findByText('third');
    expect(
      screen.getAllByTestId('comment').map((li) => li.querySelector('.comment__text')?.textContent),
    ).toEqual(['bob first', 'ada second', 'bob third']);
    expect(screen.queryByRole('button', { name: 'View more comments' })).toBeNull();
  });

  it("offers delete on one's own comments, and on every comment of one's own post", async () => {
    stub({ '': { items: [comment('1', bob, 'from bob'), comment('2', ada, 'from ada')], nextCursor: null } });
    const { unmount } = renderWithProviders(<CommentList post={makePost({ author: bob })} meId="1" />);
    await screen.findByText('from bob');
    expect(
      screen.getAllByRole('button', { name: /^Delete comment/ }).map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Delete comment by ada']);
    unmount();
    renderWithProviders(<CommentList post={makePost({ author: ada })} meId="1" />);
    await screen.findByText('from bob');
    expect(screen.getAllByRole('button', { name: /^Delete comment/ })).toHaveLength(2);
  });

  it('deletes after confirming, and counts one comment less on the post', async () => {
    const fetchMock = stub({ '': { items: [comment('7', ada, 'oops')], nextCursor: null } });
    const post = makePost({ author: bob, commentCount: 1 });
    const { queryClient } = renderWithProviders(<CommentList post={post} meId="1" />);
    queryClient.setQueryData<Post>(postKeys.detail('100'), post);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete comment by ada' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete comment?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('oops')).toBeNull());
    expect(
      fetchMock.mock.calls.some(
        ([url, init]) => String(url) === '/api/v1/comments/7' && init?.method === 'DELETE',
      ),
    ).toBe(true);
    expect(queryClient.getQueryData<Post>(postKeys.detail('100'))?.commentCount).toBe(0);
    expect(screen.getByText(/No comments yet/)).toBeTruthy();
  });
});
