import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PostMedia } from '#/lib/api/types';
import { makePost } from '#/test/utils';
import { Carousel } from './Carousel';

const three = ['a', 'b', 'c'].map((name, i) => ({
  ...(makePost().media[0] as PostMedia),
  url: `/media/${name}.jpg`,
  alt: `Photo ${name}`,
  width: 1000 + i,
}));

function currentDot() {
  return screen
    .getAllByRole('button', { name: /^Photo \d of 3$/ })
    .find((dot) => dot.getAttribute('aria-current') === 'true')
    ?.getAttribute('aria-label');
}

describe('Carousel', () => {
  it('moves with ← and → while focused, and not past either end', async () => {
    render(<Carousel media={three} label="Photos by bob" fallbackAlt="Photo by bob" />);
    const region = screen.getByRole('group', { name: 'Photos by bob' });
    region.focus();
    expect(currentDot()).toBe('Photo 1 of 3');
    await userEvent.keyboard('{ArrowLeft}');
    expect(currentDot()).toBe('Photo 1 of 3');
    await userEvent.keyboard('{ArrowRight}');
    expect(currentDot()).toBe('Photo 2 of 3');
    expect(screen.getByText('Photo 2 of 3', { selector: '[aria-live]' })).toBeTruthy();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(currentDot()).toBe('Photo 3 of 3');
    await userEvent.keyboard('{Home}');
    expect(currentDot()).toBe('Photo 1 of 3');
    await userEvent.keyboard('{End}{ArrowLeft}');
    expect(currentDot()).toBe('Photo 2 of 3');
  });

  it('hides the slides not shown from assistive technology, and the arrows at the ends', async () => {
    render(<Carousel media={three} label="Photos" fallbackAlt="Photo" />);
    expect(screen.queryByRole('button', { name: 'Previous photo' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Next photo' }));
    const carousel = screen.getByRole('group', { name: 'Photos' });
    const slides = screen.getAllByRole('group', { hidden: true }).filter((group) => group !== carousel);
    expect(slides.map((s) => s.getAttribute('aria-hidden'))).toEqual(['true', null, 'true']);
    await userEvent.click(screen.getByRole('button', { name: 'Photo 3 of 3' }));
    expect(screen.queryByRole('button', { name: 'Next photo' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Previous photo' })).toBeTruthy();
  });

  it('a single photo has no arrows, dots or tab stop', () => {
    render(<Carousel media={three.slice(0, 1)} label="Photos" fallbackAlt="Photo" />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByRole('group', { name: 'Photos' }).getAttribute('tabindex')).toBeNull();
    expect(screen.getByRole('img', { name: 'Photo a' })).toBeTruthy();
  });

  it('a double tap calls onDoubleTap; two slow taps and a swipe do not', () => {
    const onDoubleTap = vi.fn();
    const { container } = render(
      <Carousel media={three} label="Photos" fallbackAlt="Photo" onDoubleTap={onDoubleTap} />,
    );
    const viewport = container.querySelector('.carousel__viewport') as HTMLElement;
    const clock = vi.spyOn(performance, 'now');
    const tap = (at: number, x = 100) => {
      clock.mockReturnValue(at);
      fireEvent.pointerDown(viewport, { pointerId: 1, button: 0, clientX: x, clientY: 100 });
      fireEvent.pointerUp(viewport, { pointerId: 1, button: 0, clientX: x, clientY: 100 });
    };
    tap(1000);
    tap(1200);
    expect(onDoubleTap).toHaveBeenCalledTimes(1);
    tap(5000);
    tap(6000);
    expect(onDoubleTap).toHaveBeenCalledTimes(1);

    // A swipe to the left shows the next photo.
    fireEvent.pointerDown(viewport, { pointerId: 2, button: 0, clientX: 300, clientY: 100 });
    fireEvent.pointerMove(viewport, { pointerId: 2, clientX: 200, clientY: 105 });
    fireEvent.pointerUp(viewport, { pointerId: 2, clientX: 150, clientY: 105 });
    expect(currentDot()).toBe('Photo 2 of 3');
    expect(onDoubleTap).toHaveBeenCalledTimes(1);
  });
});
