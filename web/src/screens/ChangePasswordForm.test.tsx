import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '#/test/utils';
import { ChangePasswordForm } from './ChangePasswordForm';

afterEach(() => vi.unstubAllGlobals());

async function fill(current: string, next: string, confirm = next) {
  if (current) await userEvent.type(screen.getByLabelText('Current password'), current);
  if (next) await userEvent.type(screen.getByLabelText('New password'), next);
  if (confirm) await userEvent.type(screen.getByLabelText('Confirm new password'), confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ChangePasswordForm', () => {
  it('sends the two passwords, says the other devices were logged out and clears the form', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<ChangePasswordForm />);
    await fill('old password 1', 'new password 2');
    expect((await screen.findByRole('status')).textContent).toMatch(/other devices have been logged out/);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/password');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({
      currentPassword: 'old password 1',
      newPassword: 'new password 2',
    });
    expect(screen.getByLabelText<HTMLInputElement>('New password').value).toBe('');
  });

  it('checks the confirmation and the length before sending', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<ChangePasswordForm />);
    await fill('old password 1', 'new password 2', 'new password 3');
    expect(screen.getByText('The two passwords do not match.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Confirm new password'));
    expect(screen.getByLabelText('Confirm new password').getAttribute('aria-invalid')).toBe('true');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a wrong current password beside that field, without signing out', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(401, {
        error: {
          code: 'invalid_credentials',
          message: 'Your current password is not right',
          field: 'currentPassword',
        },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<ChangePasswordForm />);
    await fill('wrong password', 'new password 2');
    const current = screen.getByLabelText('Current password');
    expect((await screen.findByRole('alert')).textContent).toBe('Your current password is not right');
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(current.getAttribute('aria-describedby')).toContain('error');
    expect(document.activeElement).toBe(current);
    // Only the one request: a wrong password is not an expired session (no refresh, no retry).
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it("shows the server's rule for the new password beside it", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(422, {
          error: {
            code: 'invalid_value',
            message: 'Your password cannot be your username',
            field: 'newPassword',
          },
        }),
      ),
    );
    renderWithProviders(<ChangePasswordForm />);
    await fill('old password 1', 'adalovelace');
    expect((await screen.findByRole('alert')).textContent).toBe('Your password cannot be your username');
    expect(document.activeElement).toBe(screen.getByLabelText('New password'));
  });

  it('shows a rate limit for the whole form', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '60' }),
      ),
    );
    renderWithProviders(<ChangePasswordForm />);
    await fill('old password 1', 'new password 2');
    expect((await screen.findByRole('alert')).textContent).toBe('Too many tries. Try again in 60 s.');
  });
});
