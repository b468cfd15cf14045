import { type KeyboardEvent, type PointerEvent, useId, useRef, useState } from 'react';
import type { PostMedia } from '#/lib/api/types';
import { frameRatio, POST_PHOTO_SIZES, srcSetOf } from '#/lib/media';
import './Carousel.css';
import { ChevronLeftIcon, ChevronRightIcon, HeartIcon } from './Icons';

/** Two taps closer than this (in time and in pixels) are a double tap. */
const DOUBLE_TAP_MS = 300;
const DOUBLE_TAP_PX = 30;
/** A horizontal move past this many pixels starts a swipe (and stops counting as a tap). */
const DRAG_START_PX = 8;

interface Gesture {
  pointerId: number;
  startX: number;
  startY: number;
  dragging: boolean;
}

/**
 * A post's photos: arrows, dots, swipe (pointer events, so mouse, pen and touch
 * alike), ←/→ when it has focus, and a double tap (or double click) that calls
 * `onDoubleTap` (used to like the post).
 */
export function Carousel({
  media,
  label,
  fallbackAlt,
  onDoubleTap,
  priority = false,
  sizes = POST_PHOTO_SIZES,
}: {
  media: PostMedia[];
  label: string;
  fallbackAlt: string;
  onDoubleTap?: () => void;
  priority?: boolean;
  sizes?: string;
}) {
  const [index, setIndex] = useState(0);
  const [drag, setDrag] = useState(0);
  const [announce, setAnnounce] = useState('');
  const [burst, setBurst] = useState(0);
  const gesture = useRef<Gesture | null>(null);
  const lastTap = useRef<{ time: number; x: number; y: number } | null>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const id = useId();
  const count = media.length;

  const go = (next: number) => {
    const clamped = Math.max(0, Math.min(count - 1, next));
    if (clamped === index) return;
    setIndex(clamped);
    setAnnounce(`Photo ${clamped + 1} of ${count}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (count < 2) return;
    const moves: Record<string, number> = {
      ArrowLeft: index - 1,
      ArrowRight: index + 1,
      Home: 0,
      End: count - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    go(next);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || (event.target as HTMLElement).closest('button')) return;
    gesture.current = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      dragging: false,
    };
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId || count < 2) return;
    const dx = event.clientX - g.startX;
    const dy = event.clientY - g.startY;
    if (!g.dragging) {
      // Mostly vertical: the page scrolls (touch-action: pan-y), not the photos.
      if (Math.abs(dx) < DRAG_START_PX || Math.abs(dx) < Math.abs(dy)) return;
      g.dragging = true;
      event.currentTarget.setPointerCapture?.(event.pointerId);
    }
    // Past either end the photos move at a third of the finger's pace: there is nothing there.
    const atEdge = (index === 0 && dx > 0) || (index === count - 1 && dx < 0);
    setDrag(atEdge ? dx / 3 : dx);
  };

  const endGesture = (event: PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId) return;
    gesture.current = null;
    if (g.dragging) {
      const dx = event.clientX - g.startX;
      const width = viewport.current?.clientWidth ?? 300;
      const threshold = Math.min(60, width * 0.2);
      setDrag(0);
      if (!cancelled && dx <= -threshold) go(index + 1);
      else if (!cancelled && dx >= threshold) go(index - 1);
      lastTap.current = null;
      return;
    }
    if (cancelled || !onDoubleTap) return;
    const now = performance.now();
    const previous = lastTap.current;
    if (
      previous &&
      now - previous.time < DOUBLE_TAP_MS &&
      Math.hypot(event.clientX - previous.x, event.clientY - previous.y) < DOUBLE_TAP_PX
    ) {
      lastTap.current = null;
      setBurst((n) => n + 1);
      onDoubleTap();
    } else {
      lastTap.current = { time: now, x: event.clientX, y: event.clientY };
    }
  };

  const first = media[0];
  return (
    <div
      className="carousel"
      // A group, not a region: a feed holds many carousels of the same author, and
      // landmarks must be unique (axe landmark-unique).
      role="group"
      aria-roledescription="carousel"
      aria-label={label}
      tabIndex={count > 1 ? 0 : undefined}
      onKeyDown={onKeyDown}
    >
      <div
        ref={viewport}
        className="carousel__viewport"
        // The frame takes the first photo's shape (a style property: allowed by the CSP).
        style={{
          aspectRatio: String(frameRatio(first)),
          backgroundColor: first?.placeholderColour || undefined,
        }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(event) => endGesture(event, false)}
        onPointerCancel={(event) => endGesture(event, true)}
      >
        <div
          className={`carousel__track${drag !== 0 ? ' carousel__track--dragging' : ''}`}
          style={{ transform: `translateX(calc(${-index * 100}% + ${drag}px))` }}
        >
          {media.map((item, i) => (
            // By position: the same photo twice in one post has the same (content-addressed) URL.
            <div
              key={i}
              className="carousel__slide"
              role="group"
              aria-roledescription="slide"
              aria-label={`${i + 1} of ${count}`}
              aria-hidden={i === index ? undefined : true}
              id={`${id}-slide-${i}`}
              style={item.placeholderColour ? { backgroundColor: item.placeholderColour } : undefined}
            >
              <img
                src={item.url}
                srcSet={srcSetOf(item)}
                sizes={sizes}
                width={item.width}
                height={item.height}
                alt={item.alt || (count > 1 ? `${fallbackAlt}, ${i + 1} of ${count}` : fallbackAlt)}
                loading={priority && i === 0 ? 'eager' : 'lazy'}
                fetchPriority={priority && i === 0 ? 'high' : 'auto'}
                decoding="async"
                draggable={false}
              />
            </div>
          ))}
        </div>
        {burst > 0 && (
          <span key={burst} className="carousel__burst" aria-hidden="true">
            <HeartIcon filled size={96} />
          </span>
        )}
        {count > 1 && index > 0 && (
          <button
            type="button"
            className="carousel__arrow carousel__arrow--prev"
            aria-label="Previous photo"
            aria-controls={`${id}-slide-${index - 1}`}
            onClick={() => go(index - 1)}
          >
            <ChevronLeftIcon size={18} />
          </button>
        )}
        {count > 1 && index < count - 1 && (
          <button
            type="button"
            className="carousel__arrow carousel__arrow--next"
            aria-label="Next photo"
            aria-controls={`${id}-slide-${index + 1}`}
            onClick={() => go(index + 1)}
          >
            <ChevronRightIcon size={18} />
          </button>
        )}
      </div>
      {count > 1 && (
        <div className="carousel__dots">
          {media.map((_item, i) => (
            <button
              key={i}
              type="button"
              className={`carousel__dot${i === index ? ' carousel__dot--current' : ''}`}
              aria-label={`Photo ${i + 1} of ${count}`}
              aria-current={i === index ? 'true' : undefined}
              aria-controls={`${id}-slide-${i}`}
              // The arrows and ←/→ move one at a time; the dots are for pointers and screen readers.
              tabIndex={-1}
              onClick={() => go(i)}
            />
          ))}
        </div>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
    </div>
  );
}
