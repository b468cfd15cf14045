import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useLocation } from 'react-router';
import { jsonResponse, makeUser, renderWithProviders } from '#/test/utils';
import { SearchBox } from './SearchBox';

function Where() {
  return <output data-testid="where">{useLocation().pathname}</output>;
}

const results = {
  users: [
    makeUser({ id: '2', username: 'alice' }),
    makeUser({ id: '3', username: 'alina', displayName: 'Alina K' }),
  ],
  tags: [{ name: 'alps', postCount: 12 }],
};

function stubSearch() {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) =>
    String(input).includes('/search?') ? jsonResponse(200, results) : jsonResponse(401, {}),
  );
  vi.stubGlobal('fetch', fetchMock);
  return () => fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url.includes('/search?'));
}

afterEach(() => vi.unstubAllGlobals());

describe('SearchBox', () => {
  it('asks once for what was typed quickly, and lists accounts then tags', async () => {
    const searches = stubSearch();
    renderWithProviders(<SearchBox />);
    const input = screen.getByRole('combobox', { name: 'Search accounts and tags' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    await userEvent.type(input, 'ali');
    const options = await screen.findAllByRole('option');
    const names = options.map((o) => o.querySelector('.search-option__names')?.textContent);
    expect(names).toEqual(['aliceBob', 'alinaAlina K', '#alps12 posts']);
    // Named without the avatar's decorative initial.
    expect(screen.getByRole('option', { name: 'alice Bob' })).toBe(options[0]);
    expect(searches()).toEqual(['/api/v1/search?q=ali']);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-controls')).toBe(screen.getByRole('listbox').id);
    expect(screen.getByRole('status').textContent).toMatch(/3 suggestions/);
  });

  it('↓ and ↑ move the active option (wrapping), named by aria-activedescendant; Enter opens it', async () => {
    stubSearch();
    renderWithProviders(
      <>
        <SearchBox />
        <Where />
      </>,
    );
    const input = screen.getByRole('combobox');
    await userEvent.type(input, 'al');
    await screen.findAllByRole('option');
    expect(input.getAttribute('aria-activedescendant')).toBeNull();

    await userEvent.keyboard('{ArrowDown}');
    const active = () =>
      document
        .getElementById(input.getAttribute('aria-activedescendant') ?? '')
        ?.querySelector('.search-option__names')?.parentElement;
    expect(active()?.querySelector('.search-option__label')?.textContent).toBe('alice');
    expect(active()?.getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{ArrowUp}');
    expect(active()?.querySelector('.search-option__label')?.textContent).toBe('#alps');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(active()?.querySelector('.search-option__label')?.textContent).toBe('alina');
    expect(document.activeElement).toBe(input);

    await userEvent.keyboard('{Enter}');
    expect(screen.getByTestId('where').textContent).toBe('/u/alina');
  });

  it('Escape closes the list, a second Escape clears the text; a typed #tag opens its page', async () => {
    stubSearch();
    renderWithProviders(
      <>
        <SearchBox />
        <Where />
      </>,
    );
    const input = screen.getByRole<HTMLInputElement>('combobox');
    await userEvent.type(input, 'al');
    await screen.findAllByRole('option');
    await userEvent.keyboard('{ArrowDown}{Escape}');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.getAttribute('aria-activedescendant')).toBeNull();
    expect(input.value).toBe('al');
    await userEvent.keyboard('{Escape}');
    expect(input.value).toBe('');

    await userEvent.type(input, '#Sunset{Enter}');
    expect(screen.getByTestId('where').textContent).toBe('/tags/sunset');
  });

  it('a click on an option opens it', async () => {
    stubSearch();
    renderWithProviders(
      <>
        <SearchBox />
        <Where />
      </>,
    );
    await userEvent.type(screen.getByRole('combobox'), 'al');
    await userEvent.click(await screen.findByRole('option', { name: /alps/ }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/tags/alps'));
  });
});
