// A double tap must never send follow/unfollow/follow. Only one request runs at
// a time; taps while it runs only change the wanted end state, and when the
// request finishes one more is sent only if the server is not there yet.
// (After bluesky social-app's useToggleMutationQueue.)

export interface ToggleQueue<S> {
  /** Asks for `on`; resolves with the server state once every queued change has settled. */
  toggle(on: boolean, current: S): Promise<S>;
  readonly busy: boolean;
}

export function createToggleQueue<S>(options: {
  isOn: (state: S) => boolean;
  run: (on: boolean) => Promise<S>;
}): ToggleQueue<S> {
  let wanted: boolean | null = null;
  let running: Promise<S> | null = null;

  async function drain(start: S): Promise<S> {
    let current = start;
    try {
      while (wanted !== null) {
        const target = wanted;
        wanted = null;
        if (options.isOn(current) === target) continue;
        current = await options.run(target);
      }
      return current;
    } finally {
      wanted = null;
    }
  }

  return {
    toggle(on, current) {
      wanted = on;
      if (!running) {
        running = drain(current).finally(() => {
          running = null;
        });
      }
      return running;
    },
    get busy() {
      return running !== null;
    },
  };
}
