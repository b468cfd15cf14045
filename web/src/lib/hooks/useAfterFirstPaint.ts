import { useEffect, useState } from 'react';

// Once the first screen has been painted, nothing waits any more (later screens mount at once).
let painted = false;

/**
 * Calls `callback` once the browser is idle after the next frame: after the
 * first screen (and its largest photo) has been painted. Returns a cancel.
 */
export function whenIdleAfterPaint(callback: () => void): () => void {
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  const run = () => {
    painted = true;
    callback();
  };
  frame = requestAnimationFrame(() => {
    frame = undefined;
    // A task after the frame's rendering steps; then whatever idle time follows.
    timer = setTimeout(() => {
      timer = undefined;
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: 1000 });
      else run();
    }, 0);
  });
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
  };
}

/**
 * False until the first screen has been painted, then true: for work that
 * nothing on the first screen shows (badges, the real-time connection), which
 * would otherwise run between the first render and the largest paint.
 */
export function useAfterFirstPaint(): boolean {
  const [ready, setReady] = useState(painted);
  useEffect(() => {
    if (ready) return;
    return whenIdleAfterPaint(() => setReady(true));
  }, [ready]);
  return ready;
}
