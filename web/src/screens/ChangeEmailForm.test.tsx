import { QueryClient } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import { ChangeEmailForm } from './ChangeEmailForm';

afterEach(() => vi.unstubAllGlobals());

function renderForm() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  queryClient.setQueryData(sessionKeys.me, makeOwnUser({ emailVerified: true }));
  return renderWithProviders(<ChangeEmailForm />, { queryClient });
}

async function fill(email: string, password: string) {
  if (email) await userEvent.type(screen.getByLabelText('New email address'), email);
  if (password) await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Change email' }));
}

describe('ChangeEmailForm', () => {
  it('sends the new address with the password and says a link went there', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(202, {}));
    vi.stubGlobal('fetch', fetchMock);
    renderForm();
    expect(screen.getByText(/Your address is/).textContent).toBe(
      'Your address is ada@example.org (confirmed).',
    );
    await fill('ada@new.example', 'my password');
    expect((await screen.findByRole('status')).textContent).toBe(
      'We sent a link to ada@new.example. Your address changes when you open it.',
    );
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/email/change');
    expect(JSON.parse(String(init.body))).toEqual({ email: 'ada@new.example', password: 'my password' });
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
  });

  it('refuses the current address and asks for the password before sending', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderForm();
    await fill('ADA@example.org', '');
    expect(screen.getByText('That is already your address.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a taken address and a wrong password beside their fields', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(409, {
          error: {
            code: 'email_taken',
            message: 'An account with that email already exists',
            field: 'email',
          },
        }),
      ),
    );
    renderForm();
    await fill('bob@example.org', 'my password');
    expect((await screen.findByRole('alert')).textContent).toBe('An account with that email already exists');
    expect(document.activeElement).toBe(screen.getByLabelText('New email address'));
  });

  it('a wrong password is not a lost session', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(401, {
        error: { code: 'invalid_credentials', message: 'Your password is not right', field: 'password' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderForm();
    await fill('ada@new.example', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('Your password is not right');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
