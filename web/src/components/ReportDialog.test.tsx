import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '#/test/utils';
import { ReportDialog } from './ReportDialog';

afterEach(() => vi.unstubAllGlobals());

function bodiesOf(fetchMock: ReturnType<typeof vi.fn>): unknown[] {
  return fetchMock.mock.calls
    .filter(([url]) => String(url).endsWith('/api/v1/reports'))
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)));
}

describe('ReportDialog', () => {
  it('asks for a reason first, then sends the target, the reason and the note, and says thanks', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(201, { report: { id: '7', status: 'open' } }));
    vi.stubGlobal('fetch', fetchMock);
    const onClose = vi.fn();
    renderWithProviders(<ReportDialog targetType="post" targetId="42" onClose={onClose} />);

    await userEvent.click(screen.getByRole('button', { name: 'Report' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose a reason.');
    expect(fetchMock).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('radio', { name: 'Spam' }));
    await userEvent.type(
      screen.getByLabelText(/Anything the moderators should know/),
      '  Same link 40 times  ',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Report' }));

    expect(await screen.findByRole('heading', { name: 'Thanks for letting us know' })).toBeTruthy();
    expect(bodiesOf(fetchMock)).toEqual([
      { targetType: 'post', targetId: '42', reason: 'spam', note: 'Same link 40 times' },
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('thanks just the same for a second report of the same thing (200 with the earlier report)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { report: { id: '7', status: 'open' } })),
    );
    renderWithProviders(<ReportDialog targetType="user" targetId="2" onClose={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Report account' })).toBeTruthy();
    await userEvent.click(screen.getByRole('radio', { name: 'Pretending to be someone else' }));
    await userEvent.click(screen.getByRole('button', { name: 'Report' }));
    expect(await screen.findByRole('heading', { name: 'Thanks for letting us know' })).toBeTruthy();
  });

  it('shows what the API refused and lets the person try again', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(404, { error: { code: 'not_found', message: 'That post is gone' } })),
    );
    renderWithProviders(<ReportDialog targetType="post" targetId="9" onClose={() => undefined} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Spam' }));
    await userEvent.click(screen.getByRole('button', { name: 'Report' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That post is gone');
    expect(screen.getByRole('button', { name: 'Report' })).toHaveProperty('disabled', false);
  });
});
