import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import ResetPasswordScreen from './ResetPasswordScreen';

afterEach(() => vi.unstubAllGlobals());

const TOKEN = 'A'.repeat(43);

function renderReset(route = `/reset-password?token=${TOKEN}`) {
  return renderWithProviders(
    <Routes>
      <Route path="/reset-password" element={<ResetPasswordScreen />} />
      <Route path="/forgot-password" element={<p>forgot page</p>} />
      <Route path="/login" element={<p>login page</p>} />
    </Routes>,
    { route },
  );
}

async function fill(password: string, confirm = password) {
  await userEvent.type(screen.getByLabelText('New password'), password);
  await userEvent.type(screen.getByLabelText('Confirm new password'), confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Set new password' }));
}

describe('ResetPasswordScreen', () => {
  it('sends the token from the link with the new password, signs this tab out and offers to log in', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = renderReset();
    queryClient.setQueryData(sessionKeys.me, makeOwnUser());
    await fill('a new passphrase');
    expect((await screen.findByRole('status')).textContent).toMatch(/Your password is changed/);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/password/reset');
    expect(JSON.parse(String(init.body))).toEqual({ token: TOKEN, password: 'a new passphrase' });
    expect(queryClient.getQueryData(sessionKeys.me)).toBeNull();
    await userEvent.click(screen.getByRole('link', { name: 'Log in' }));
    expect(screen.getByText('login page')).toBeTruthy();
  });

  it('checks the length and the confirmation before sending', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderReset();
    await fill('a new passphrase', 'another one');
    expect(screen.getByText('The two passwords do not match.')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('New password'));
    await userEvent.type(screen.getByLabelText('New password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(screen.getByText('Use at least 8 characters.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it.each([
    ['token_used', 410, 'This reset link was used already.'],
    ['token_expired', 410, 'This reset link has expired.'],
    ['token_invalid', 400, 'This reset link is not valid.'],
  ])('a %s link says so and offers a new one', async (code, status, text) => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(status, { error: { code, message: 'x' } })),
    );
    renderReset();
    await fill('a new passphrase');
    expect((await screen.findByRole('alert')).textContent).toContain(text);
    await userEvent.click(screen.getByRole('link', { name: 'Ask for a new link' }));
    expect(screen.getByText('forgot page')).toBeTruthy();
  });

  it('shows the server rule for the password beside it', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(422, {
          error: {
            code: 'invalid_value',
            message: 'Your password cannot be your username',
            field: 'password',
          },
        }),
      ),
    );
    renderReset();
    await fill('adalovelace');
    expect((await screen.findByRole('alert')).textContent).toBe('Your password cannot be your username');
    expect(document.activeElement).toBe(screen.getByLabelText('New password'));
  });

  it('a link without a token cannot work', () => {
    vi.stubGlobal('fetch', vi.fn());
    renderReset('/reset-password');
    expect(screen.getByRole('alert').textContent).toContain('This reset link is not complete.');
  });
});
