import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '#/lib/api/types';
import { useProfile } from '#/state/queries/profile';
import { jsonResponse, makeUser, renderWithProviders } from '#/test/utils';
import { FollowButton } from './FollowButton';

function Harness({ username }: { username: string }) {
  const profile = useProfile(username);
  return profile.data ? (
    <>
      <FollowButton user={profile.data} />
      <span data-testid="count">{profile.data.followerCount}</span>
    </>
  ) : null;
}

afterEach(() => vi.unstubAllGlobals());

describe('FollowButton', () => {
  it('shows "Following" at once, sends one request, and keeps the server answer', async () => {
    let release: () => void = () => undefined;
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      if (url.endsWith('/follow') && init.method === 'POST') {
        await new Promise<void>((resolve) => (release = resolve));
        return jsonResponse(200, { user: makeUser({ followedByMe: true, followerCount: 10 }) });
      }
      return jsonResponse(401, {});
    });
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = renderWithProviders(<Harness username="bob" />);
    queryClient.setQueryData<User>(['users', 'detail', 'bob'], makeUser({ followerCount: 3 }));

    const button = await screen.findByRole('button', { name: 'Follow bob' });
    await userEvent.click(button);
    expect(screen.getByRole('button', { name: 'Following bob' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('count').textContent).toBe('4');

    release();
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('10'));
    expect(
      fetchMock.mock.calls.filter(
        ([url, init]) => String(url).endsWith('/follow') && init?.method === 'POST',
      ),
    ).toHaveLength(1);
  });

  it('shows "Requested" for a private account and rolls back with a retry toast on failure', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) =>
        String(input).endsWith('/follow')
          ? jsonResponse(429, { error: { code: 'rate_limited', message: 'Slow down' } })
          : jsonResponse(401, {}),
      ),
    );
    const { queryClient } = renderWithProviders(<Harness username="carol" />);
    queryClient.setQueryData<User>(
      ['users', 'detail', 'carol'],
      makeUser({ id: '3', username: 'carol', isPrivate: true }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Request to follow carol' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Too many tries/);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Request to follow carol' }).textContent).toBe(
      'Request to follow carol',
    );
  });
});
