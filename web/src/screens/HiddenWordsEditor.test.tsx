import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '#/test/utils';
import { checkHiddenWord, HiddenWordsEditor } from './HiddenWordsEditor';

afterEach(() => vi.unstubAllGlobals());

describe('checkHiddenWord', () => {
  it('applies the API limits: 50 characters, 100 words, no duplicates', () => {
    expect(checkHiddenWord('spoiler', ['other'])).toBeNull();
    expect(checkHiddenWord('x'.repeat(51), [])).toBe('Use at most 50 characters.');
    expect(checkHiddenWord('😀'.repeat(50), [])).toBeNull();
    expect(checkHiddenWord('Spoiler', ['spoiler'])).toMatch(/already/);
    expect(
      checkHiddenWord(
        'one more',
        Array.from({ length: 100 }, (_, i) => `w${i}`),
      ),
    ).toMatch(/at most 100/);
  });
});

describe('HiddenWordsEditor', () => {
  it('adds a word (saving the whole list), removes one, and shows the API’s own refusal under the field', async () => {
    const puts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: RequestInfo | URL, init: RequestInit = {}) => {
        if (init.method === 'PUT') {
          const body = JSON.parse(String(init.body)) as { words: string[] };
          puts.push(body);
          if (body.words.includes('<b>'))
            return jsonResponse(422, {
              error: { code: 'invalid_value', message: 'Words may not be only symbols', field: 'words' },
            });
          return jsonResponse(200, { words: [...body.words].map((w) => w.toLowerCase()).sort() });
        }
        return jsonResponse(200, { words: ['spoiler'] });
      }),
    );
    renderWithProviders(<HiddenWordsEditor />);
    const input = await screen.findByLabelText('Add a word or phrase');
    expect(screen.getByRole('list', { name: 'Hidden words' }).textContent).toContain('spoiler');

    await userEvent.type(input, 'Finale{Enter}');
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Hidden words' }).textContent).toContain('finale'),
    );
    expect(puts[0]).toEqual({ words: ['spoiler', 'Finale'] });
    expect((input as HTMLInputElement).value).toBe('');

    await userEvent.click(screen.getByRole('button', { name: 'Remove spoiler' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove spoiler' })).toBeNull());
    expect(puts[1]).toEqual({ words: ['finale'] });

    await userEvent.type(input, '<b>{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('Words may not be only symbols');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });
});
