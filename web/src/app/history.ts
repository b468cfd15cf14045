import {
  type Blocker,
  type BlockerFunction,
  createPath,
  type Location,
  NavigationType,
  type Navigator,
  parsePath,
  type To,
} from 'react-router';

/** A navigation that happened: what <Router> renders next. */
export interface HistoryUpdate {
  action: NavigationType;
  location: Location;
}

/** What each session history entry holds (the shape React Router's own browser history uses). */
interface EntryState {
  usr: unknown;
  key: string;
  idx: number;
}

const IDLE: Blocker = { state: 'unblocked', proceed: undefined, reset: undefined, location: undefined };

// Paths made of these characters are what the browser's URL holds already: no URL parser needed.
const PLAIN_PATH = /^[\w\-./~!$&'()*+,;=:@%]*$/;

function entryState(value: unknown): Partial<EntryState> {
  return value && typeof value === 'object' ? (value as Partial<EntryState>) : {};
}

function newKey(): string {
  return Math.random().toString(36).slice(2, 10);
}

/**
 * The browser's session history for React Router's plain <Router> (app/AppRouter.tsx),
 * with the one thing the app needed a data router for: a blocker (the composer's
 * leave guard) that holds an in-app navigation — a push, a replace, or Back and
 * Forward — until it is let through (proceed) or dropped (reset). Back and Forward
 * have already changed the URL when the page hears of them: a held one is undone
 * with history.go() and redone on proceed, as React Router's data router does.
 */
export class AppHistory implements Navigator {
  action: NavigationType = NavigationType.Pop;
  location: Location;
  private index: number;
  private readonly listeners = new Set<(update: HistoryUpdate) => void>();
  private shouldBlock: BlockerFunction | null = null;
  private blocker: Blocker = IDLE;
  private readonly blockerListeners = new Set<() => void>();
  /** The popstate that undoes a held Back/Forward: not a navigation. */
  private undoing = false;
  /** The popstate a proceed() asked for: let through. */
  private proceeding = false;
  /** Whether the current entry holds its number (idx) yet. */
  private numbered: boolean;

  constructor(private readonly window: Window) {
    const idx = entryState(window.history.state).idx;
    this.location = this.readLocation();
    // The first entry of this document gets its number with the first push (a replaceState
    // now would be one more browser round trip before the first render).
    this.index = typeof idx === 'number' ? idx : 0;
    this.numbered = typeof idx === 'number';
    window.addEventListener('popstate', this.onPopState);
  }

  /** Stops listening to the browser (tests; the app's history lives as long as the page). */
  dispose(): void {
    this.window.removeEventListener('popstate', this.onPopState);
  }

  listen(listener: (update: HistoryUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly createHref = (to: To): string => (typeof to === 'string' ? to : createPath(to));

  /** The path as the browser's URL will hold it (percent-encoded), for NavLink's comparisons. */
  readonly encodeLocation = (to: To): { pathname: string; search: string; hash: string } => {
    const path = typeof to === 'string' ? parsePath(to) : to;
    const { pathname = '', search = '', hash = '' } = path;
    if (PLAIN_PATH.test(pathname)) return { pathname, search, hash };
    const url = new URL(pathname, this.window.location.origin);
    return { pathname: url.pathname, search, hash };
  };

  // Bound: React Router calls them detached (`(replace ? navigator.replace : navigator.push)(…)`).
  readonly push = (to: To, state?: unknown): void => this.navigate(NavigationType.Push, to, state);

  readonly replace = (to: To, state?: unknown): void => this.navigate(NavigationType.Replace, to, state);

  readonly go = (delta: number): void => this.window.history.go(delta);

  /**
   * Asks `shouldBlock` before every navigation from now on (one blocker at a time,
   * as with the data router). Returns the removal, which also drops a held navigation.
   */
  block(shouldBlock: BlockerFunction): () => void {
    this.shouldBlock = shouldBlock;
    return () => {
      if (this.shouldBlock !== shouldBlock) return;
      this.shouldBlock = null;
      this.setBlocker(IDLE);
    };
  }

  /** The blocker's state, for useSyncExternalStore. */
  readonly getBlocker = (): Blocker => this.blocker;

  readonly subscribeBlocker = (listener: () => void): (() => void) => {
    this.blockerListeners.add(listener);
    return () => this.blockerListeners.delete(listener);
  };

  private navigate(action: NavigationType.Push | NavigationType.Replace, to: To, state: unknown): void {
    const next = this.createLocation(to, state);
    const go = () => {
      this.setBlocker(IDLE);
      const index = action === NavigationType.Push ? this.index + 1 : this.index;
      const entry: EntryState = { usr: next.state, key: next.key, idx: index };
      const href = this.createHref(next);
      if (action === NavigationType.Push) {
        if (!this.numbered) {
          // Back to this entry must be told apart from Back past it.
          const current = entryState(this.window.history.state);
          this.window.history.replaceState({ ...current, idx: this.index }, '');
        }
        try {
          this.window.history.pushState(entry, '', href);
        } catch {
          // Too much state for the browser (iOS keeps 100 entries): load it instead.
          this.window.location.assign(href);
          return;
        }
      } else {
        this.window.history.replaceState(entry, '', href);
      }
      this.index = index;
      this.numbered = true;
      this.commit(action, next);
    };
    if (this.isBlocked(next, action)) {
      this.setBlocker({ state: 'blocked', location: next, proceed: go, reset: () => this.setBlocker(IDLE) });
      return;
    }
    go();
  }

  private readonly onPopState = (): void => {
    if (this.undoing) {
      this.undoing = false;
      return;
    }
    const next = this.readLocation();
    const nextIndex = entryState(this.window.history.state).idx;
    const delta = typeof nextIndex === 'number' ? this.index - nextIndex : null;
    if (!this.proceeding && delta !== null && delta !== 0 && this.isBlocked(next, NavigationType.Pop)) {
      // Back where the visitor was until they decide; proceed() goes the same way again.
      this.undoing = true;
      this.window.history.go(delta);
      this.setBlocker({
        state: 'blocked',
        location: next,
        proceed: () => {
          this.setBlocker(IDLE);
          this.proceeding = true;
          this.window.history.go(-delta);
        },
        reset: () => this.setBlocker(IDLE),
      });
      return;
    }
    this.proceeding = false;
    this.index = typeof nextIndex === 'number' ? nextIndex : this.index;
    this.numbered = typeof nextIndex === 'number';
    this.commit(NavigationType.Pop, next);
  };

  private isBlocked(next: Location, historyAction: NavigationType): boolean {
    return (
      this.shouldBlock !== null &&
      this.shouldBlock({ currentLocation: this.location, nextLocation: next, historyAction })
    );
  }

  private commit(action: NavigationType, location: Location): void {
    this.action = action;
    this.location = location;
    for (const listener of [...this.listeners]) listener({ action, location });
  }

  private setBlocker(blocker: Blocker): void {
    if (this.blocker === blocker) return;
    this.blocker = blocker;
    for (const listener of [...this.blockerListeners]) listener();
  }

  private readLocation(): Location {
    const { pathname, search, hash } = this.window.location;
    const state = entryState(this.window.history.state);
    return { pathname, search, hash, state: state.usr ?? null, key: state.key ?? 'default' };
  }

  private createLocation(to: To, state: unknown): Location {
    const path = typeof to === 'string' ? parsePath(to) : to;
    return {
      pathname: this.location.pathname,
      search: '',
      hash: '',
      ...path,
      state: state ?? null,
      key: newKey(),
    };
  }
}
