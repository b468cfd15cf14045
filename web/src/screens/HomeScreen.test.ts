import { afterEach, describe, expect, it, vi } from 'vitest';
import { makePost } from '#/test/utils';
import { firstRenderCount } from './HomeScreen';

function withShape(width: number, height: number, id: string) {
  const post = makePost({ id });
  const [photo] = post.media;
  return { ...post, media: photo ? [{ ...photo, width, height }] : [] };
}

afterEach(() => vi.unstubAllGlobals());

describe('the home feed’s first render', () => {
  it('holds as many posts as fill the screen, from their photos’ shapes', () => {
    vi.stubGlobal('innerWidth', 390);
    vi.stubGlobal('innerHeight', 844);
    const portrait = Array.from({ length: 10 }, (_, i) => withShape(1080, 1350, String(i)));
    // 72 + 190 + 358 / 0.8 = 710 px: the second post fills the screen.
    expect(firstRenderCount(portrait)).toBe(2);
    const landscape = Array.from({ length: 10 }, (_, i) => withShape(1910, 1000, String(i)));
    // 72 + 3 × (190 + 358 / 1.91) = 1,204 px: three of them.
    expect(firstRenderCount(landscape)).toBe(3);
    expect(firstRenderCount(portrait.slice(0, 1))).toBe(1);
    expect(firstRenderCount([])).toBe(0);
  });
});
