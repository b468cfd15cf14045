import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import { DeleteAccountSection, formatDeleteDay } from './DeleteAccountSection';

afterEach(() => vi.unstubAllGlobals());

async function openForm() {
  await userEvent.click(screen.getByRole('button', { name: 'Delete account…' }));
}

describe('DeleteAccountSection', () => {
  it('explains the grace period, then deletes with the password and signs out', async () => {
    const deleteAt = '2027-01-06T10:00:00.000Z';
    const fetchMock = vi.fn(async () => jsonResponse(202, { deleteAt }));
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = renderWithProviders(<DeleteAccountSection />);
    queryClient.setQueryData(sessionKeys.me, makeOwnUser());
    await openForm();
    expect(screen.getByText(/log in again before it ends and everything comes back/i)).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Your password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account' }));

    const status = await screen.findByRole('status');
    expect(status.textContent).toContain(`will be deleted on ${formatDeleteDay(deleteAt)}`);
    expect(status.textContent).toContain('Log in before then to keep it.');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/users/me');
    expect(init.method).toBe('DELETE');
    expect(JSON.parse(String(init.body))).toEqual({ password: 'correct horse battery' });
    // Signed out: the auth guard now shows the login page.
    expect(queryClient.getQueryData(sessionKeys.me)).toBeNull();
  });

  it('sends nothing without the password and the tick', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<DeleteAccountSection />);
    await openForm();
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect(screen.getByText('Enter your password to delete your account.')).toBeTruthy();
    expect(screen.getByText('Tick the box to confirm.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Your password'));
    await userEvent.type(screen.getByLabelText('Your password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect(screen.getByText('Tick the box to confirm.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a wrong password beside the field and stays signed in', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(401, {
        error: { code: 'invalid_credentials', message: 'That password is not right', field: 'password' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = renderWithProviders(<DeleteAccountSection />);
    const me = makeOwnUser();
    queryClient.setQueryData(sessionKeys.me, me);
    await openForm();
    await userEvent.type(screen.getByLabelText('Your password'), 'wrong password');
    await userEvent.click(screen.getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That password is not right');
    expect(screen.getByLabelText('Your password').getAttribute('aria-invalid')).toBe('true');
    // One request: a wrong password is not an expired session (no refresh, no retry).
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(queryClient.getQueryData(sessionKeys.me)).toEqual(me);
  });

  it('can be cancelled before anything is sent', async () => {
    vi.stubGlobal('fetch', vi.fn());
    renderWithProviders(<DeleteAccountSection />);
    await openForm();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByLabelText('Your password')).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete account…' })).toBeTruthy();
  });
});
