import { NavigationType } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppHistory, type HistoryUpdate } from './history';

let history: AppHistory | undefined;

function start(path = '/'): { history: AppHistory; updates: HistoryUpdate[] } {
  window.history.replaceState(null, '', path);
  history = new AppHistory(window);
  const updates: HistoryUpdate[] = [];
  history.listen((update) => updates.push(update));
  return { history, updates };
}

afterEach(() => {
  history?.dispose();
  history = undefined;
});

describe('AppHistory', () => {
  it('pushes and replaces entries with their state, numbering them for Back and Forward', () => {
    const { history, updates } = start('/');
    history.push('/u/ada?tab=saved#top', { from: 'feed' });
    expect(window.location.pathname + window.location.search + window.location.hash).toBe(
      '/u/ada?tab=saved#top',
    );
    expect(window.history.state).toMatchObject({ usr: { from: 'feed' }, idx: 1 });
    expect(history.location).toMatchObject({
      pathname: '/u/ada',
      search: '?tab=saved',
      hash: '#top',
      state: { from: 'feed' },
    });
    history.replace({ pathname: '/explore' });
    expect(window.location.pathname).toBe('/explore');
    expect(window.history.state).toMatchObject({ idx: 1 });
    expect(updates.map((u) => [u.action, u.location.pathname])).toEqual([
      [NavigationType.Push, '/u/ada'],
      [NavigationType.Replace, '/explore'],
    ]);
  });

  it('hears Back as a POP to the earlier entry', async () => {
    const { history, updates } = start('/');
    history.push('/explore');
    window.history.back();
    await vi.waitFor(() => expect(updates).toHaveLength(2));
    // The first entry was numbered on the way out.
    expect(window.history.state).toMatchObject({ idx: 0 });
    expect(updates[1]).toMatchObject({ action: NavigationType.Pop, location: { pathname: '/' } });
    expect(history.location.pathname).toBe('/');
  });

  it('encodes paths as the browser does, without a URL parser for plain ones', () => {
    const { history } = start('/');
    expect(history.encodeLocation('/tags/sunset?x=1').pathname).toBe('/tags/sunset');
    expect(history.encodeLocation('/tags/café').pathname).toBe('/tags/caf%C3%A9');
    expect(history.createHref({ pathname: '/p/1', search: '?a=b', hash: '' })).toBe('/p/1?a=b');
  });

  it('holds a blocked push until it proceeds; a reset drops it', () => {
    const { history, updates } = start('/new');
    const shouldBlock = vi.fn(() => true);
    history.block(shouldBlock);
    history.push('/explore');
    expect(shouldBlock).toHaveBeenCalledWith(
      expect.objectContaining({
        currentLocation: expect.objectContaining({ pathname: '/new' }),
        nextLocation: expect.objectContaining({ pathname: '/explore' }),
        historyAction: NavigationType.Push,
      }),
    );
    const blocked = history.getBlocker();
    expect(blocked).toMatchObject({ state: 'blocked', location: { pathname: '/explore' } });
    expect(window.location.pathname).toBe('/new');
    expect(updates).toHaveLength(0);

    blocked.reset?.();
    expect(history.getBlocker().state).toBe('unblocked');
    expect(window.location.pathname).toBe('/new');

    history.push('/explore');
    history.getBlocker().proceed?.();
    expect(window.location.pathname).toBe('/explore');
    expect(history.getBlocker().state).toBe('unblocked');
    expect(updates.map((u) => u.location.pathname)).toEqual(['/explore']);
  });

  it('lets everything through once the blocker is gone, and drops what it held', () => {
    const { history } = start('/new');
    const seen = vi.fn();
    history.subscribeBlocker(seen);
    const unblock = history.block(() => true);
    history.replace('/p/1');
    expect(history.getBlocker().state).toBe('blocked');
    unblock();
    expect(history.getBlocker().state).toBe('unblocked');
    expect(seen).toHaveBeenCalledTimes(2);
    history.replace('/p/1');
    expect(window.location.pathname).toBe('/p/1');
  });
});
