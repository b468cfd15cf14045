import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import { VerificationBanner } from './VerificationBanner';

afterEach(() => vi.unstubAllGlobals());

describe('VerificationBanner', () => {
  it('is absent once the address is confirmed', () => {
    renderWithProviders(<VerificationBanner me={makeOwnUser({ emailVerified: true })} />);
    expect(screen.queryByRole('region', { name: 'Confirm your email address' })).toBeNull();
  });

  it('names the address and sends a new link on request', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(202, {}));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<VerificationBanner me={makeOwnUser({ emailVerified: false })} />);
    const banner = screen.getByRole('region', { name: 'Confirm your email address' });
    expect(banner.textContent).toContain('ada@example.org');
    await userEvent.click(screen.getByRole('button', { name: 'Send a new link' }));
    expect((await screen.findByRole('status')).textContent).toBe('Sent. Check your inbox.');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/email/resend');
    expect(init.method).toBe('POST');
  });

  it('says when it may not send yet', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(429, { error: { code: 'rate_limited', message: 'Too many' } }, { 'Retry-After': '30' }),
      ),
    );
    renderWithProviders(<VerificationBanner me={makeOwnUser({ emailVerified: false })} />);
    await userEvent.click(screen.getByRole('button', { name: 'Send a new link' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Too many/);
  });
});
