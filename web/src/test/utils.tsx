import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { ThemeProvider } from '#/app/theme';
import { ToastProvider } from '#/app/toasts';
import type { OwnUser, Post, User } from '#/lib/api/types';

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '2',
    username: 'bob',
    displayName: 'Bob',
    bio: '',
    website: '',
    avatarUrl: null,
    isPrivate: false,
    postCount: 0,
    followerCount: 3,
    followingCount: 1,
    followedByMe: false,
    requestedByMe: false,
    ...overrides,
  };
}

export function makeOwnUser(overrides: Partial<OwnUser> = {}): OwnUser {
  return {
    ...makeUser({ id: '1', username: 'ada', displayName: 'Ada' }),
    email: 'ada@example.org',
    role: 'user',
    emailVerified: true,
    ...overrides,
  };
}

export function renderWithProviders(
  ui: ReactElement,
  { route = '/', queryClient }: { route?: string; queryClient?: QueryClient } = {},
) {
  const client =
    queryClient ??
    new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(
    <QueryClientProvider client={client}>
      <ThemeProvider>
        <ToastProvider>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </ToastProvider>
      </ThemeProvider>
    </QueryClientProvider>,
  );
  return { ...result, queryClient: client };
}

export function makePost(overrides: Partial<Post> = {}): Post {
  return {
    id: '100',
    author: { id: '2', username: 'bob', displayName: 'Bob', avatarUrl: null },
    caption: 'Sunset at the pier #sunset',
    media: [
      {
        url: '/media/a.jpg',
        width: 1080,
        height: 1080,
        alt: 'A sunset',
        placeholder: '',
        placeholderColour: '#aa8866',
        variants: [
          { url: '/media/a-640.webp', width: 640, height: 640, type: 'image/webp' },
          { url: '/media/a-640.jpg', width: 640, height: 640, type: 'image/jpeg' },
        ],
      },
    ],
    likeCount: 3,
    commentCount: 0,
    likedByMe: false,
    savedByMe: false,
    createdAt: '2026-11-25T09:30:00.000Z',
    ...overrides,
  };
}
