import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '#/test/utils';
import ForgotPasswordScreen from './ForgotPasswordScreen';
import LoginScreen from './LoginScreen';

afterEach(() => vi.unstubAllGlobals());

function renderAt(route: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginScreen />} />
      <Route path="/forgot-password" element={<ForgotPasswordScreen />} />
    </Routes>,
    { route },
  );
}

describe('ForgotPasswordScreen', () => {
  it('is reached from the login screen', async () => {
    vi.stubGlobal('fetch', vi.fn());
    renderAt('/login');
    await userEvent.click(screen.getByRole('link', { name: 'Forgot password?' }));
    expect(screen.getByRole('heading', { name: 'Trouble logging in?' })).toBeTruthy();
  });

  it('asks for a link and says the same thing whether or not the address has an account', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(202, {}));
    vi.stubGlobal('fetch', fetchMock);
    renderAt('/forgot-password');
    await userEvent.type(screen.getByLabelText('Email'), ' ada@example.org ');
    await userEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toMatch(/If an account uses ada@example\.org, we sent it a link/);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/password/forgot');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ email: 'ada@example.org' });
  });

  it('checks the address before sending', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderAt('/forgot-password');
    await userEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(screen.getByText('Enter the email address of your account.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a rate limit', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '60' }),
      ),
    );
    renderAt('/forgot-password');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.org');
    await userEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many tries. Try again in 60 s.');
  });
});
