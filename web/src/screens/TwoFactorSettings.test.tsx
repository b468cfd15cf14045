import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '#/test/utils';
import { groupSecret, qrImageSource, TwoFactorSettings } from './TwoFactorSettings';

afterEach(() => vi.unstubAllGlobals());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path d="M4 4h1v1h-1z"/></svg>';
const CODES = Array.from({ length: 10 }, (_, i) => `abcd-efgh-ijkm-no${'abcdefghij'[i]}q`);

interface Call {
  path: string;
  method: string;
  body: unknown;
}

/** A fake server for /auth/2fa…, recording what was sent. */
function serve(state: { enabled: boolean }, answers: Partial<Record<string, () => Response>> = {}) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(url).replace('/api/v1', '');
      const method = init.method ?? 'GET';
      calls.push({ path, method, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const custom = answers[`${method} ${path}`];
      if (custom) return custom();
      if (path === '/auth/2fa')
        return jsonResponse(200, { enabled: state.enabled, recoveryCodesLeft: state.enabled ? 7 : 0 });
      if (path === '/auth/2fa/setup')
        return jsonResponse(200, { secret: SECRET, otpauthUrl: 'otpauth://totp/x', qrSvg: SVG });
      if (path === '/auth/2fa/enable') return jsonResponse(200, { recoveryCodes: CODES });
      if (path === '/auth/2fa/disable') return new Response(null, { status: 204 });
      return jsonResponse(404, { error: { code: 'not_found', message: 'No' } });
    }),
  );
  return calls;
}

describe('TwoFactorSettings', () => {
  it('sets up with the QR as an image and the key to type, confirms with a code, and shows the recovery codes once', async () => {
    const calls = serve({ enabled: false });
    renderWithProviders(<TwoFactorSettings />);
    await userEvent.click(await screen.findByRole('button', { name: 'Set up two-factor authentication' }));

    const qr = await screen.findByRole('img', { name: /QR code/ });
    expect(qr.getAttribute('src')).toBe(qrImageSource(SVG));
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    // The SVG is never put into the page as markup.
    expect(document.querySelector('svg path[d="M4 4h1v1h-1z"]')).toBeNull();
    const key = screen.getByTestId('two-factor-secret');
    expect(key.textContent).toBe(groupSecret(SECRET));
    expect(key.getAttribute('data-secret')).toBe(SECRET);

    await userEvent.type(screen.getByLabelText('Code from the app'), '12345');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(screen.getByText('Enter the 6-digit code your app shows.')).toBeTruthy();
    expect(calls.some((c) => c.path === '/auth/2fa/enable')).toBe(false);

    await userEvent.type(screen.getByLabelText('Code from the app'), '6');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(CODES);
    expect(calls.find((c) => c.path === '/auth/2fa/enable')?.body).toEqual({ code: '123456' });

    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await userEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(`${CODES.join('\n')}\n`);
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();

    // jsdom has no object URLs: lend it the two the download uses.
    const createObjectURL = vi.fn(() => 'blob:codes');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await userEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
    Reflect.deleteProperty(URL, 'createObjectURL');
    Reflect.deleteProperty(URL, 'revokeObjectURL');

    await userEvent.click(screen.getByRole('button', { name: 'I’ve saved them' }));
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).toBeNull();
    expect(await screen.findByText('Two-factor authentication is on.')).toBeTruthy();
    expect(screen.getByText(/10 recovery codes left/)).toBeTruthy();
  });

  it('shows a wrong code beside the field', async () => {
    serve(
      { enabled: false },
      {
        'POST /auth/2fa/enable': () =>
          jsonResponse(422, {
            error: { code: 'invalid_value', message: 'That code is not right', field: 'code' },
          }),
      },
    );
    renderWithProviders(<TwoFactorSettings />);
    await userEvent.click(await screen.findByRole('button', { name: 'Set up two-factor authentication' }));
    await userEvent.type(await screen.findByLabelText('Code from the app'), '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That code is not right');
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).toBeNull();
  });

  it('turns off with the password and a code, naming the one that was wrong', async () => {
    let wrongOnce = true;
    const calls = serve(
      { enabled: true },
      {
        'POST /auth/2fa/disable': () => {
          if (wrongOnce) {
            wrongOnce = false;
            return jsonResponse(401, {
              error: {
                code: 'invalid_credentials',
                message: 'Your password is not right',
                field: 'password',
              },
            });
          }
          return new Response(null, { status: 204 });
        },
      },
    );
    renderWithProviders(<TwoFactorSettings />);
    expect(await screen.findByText(/7 recovery codes left/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Turn off two-factor' }));
    expect(screen.getByText('Enter your password.')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Password'), 'nope');
    await userEvent.type(
      screen.getByLabelText('Code from the app, or a recovery code'),
      'abcd-efgh-ijkm-nopq',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Turn off two-factor' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your password is not right');
    // A 401 about the password is not an expired session: nothing refreshed, nobody signed out.
    expect(calls.some((c) => c.path === '/auth/refresh')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Turn off two-factor' }));
    expect(await screen.findByRole('button', { name: 'Set up two-factor authentication' })).toBeTruthy();
    expect(calls.filter((c) => c.path === '/auth/2fa/disable').at(-1)?.body).toEqual({
      password: 'nope',
      code: 'abcd-efgh-ijkm-nopq',
    });
  });

  it('groups the key in fours and encodes the SVG for a data URL', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(qrImageSource('<svg a="#"/>')).toBe(
      'data:image/svg+xml;charset=utf-8,%3Csvg%20a%3D%22%23%22%2F%3E',
    );
  });
});
