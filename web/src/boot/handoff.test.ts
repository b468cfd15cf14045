import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimBootRequests, publishBootRequests, takeOnce } from './handoff';

const SLOT = Symbol.for('lenslet.boot');

afterEach(() => {
  Reflect.deleteProperty(window, SLOT);
});

function requests() {
  return { me: Promise.resolve(new Response('{}')), homeFeed: Promise.resolve(null) };
}

describe('boot hand-off', () => {
  it('gives the app what the boot script started, once', () => {
    const started = requests();
    publishBootRequests(() => started);
    expect(claimBootRequests()).toBe(started);
    expect(claimBootRequests()).toBeNull();
  });

  it('a boot script that runs after the app started asks for nothing', () => {
    expect(claimBootRequests()).toBeNull();
    const start = vi.fn(requests);
    publishBootRequests(start);
    expect(start).not.toHaveBeenCalled();
    expect(claimBootRequests()).toBeNull();
  });

  it('takeOnce hands a started request to the first attempt only', () => {
    const take = takeOnce('first');
    expect(take()).toBe('first');
    expect(take()).toBeUndefined();
    expect(takeOnce(undefined)()).toBeUndefined();
  });
});
