import { describe, expect, it } from 'vitest';
import { createToggleQueue } from './toggle-queue';

function deferredServer() {
  const sent: boolean[] = [];
  const resolvers: (() => void)[] = [];
  const run = (on: boolean) =>
    new Promise<{ on: boolean }>((resolve) => {
      sent.push(on);
      resolvers.push(() => resolve({ on }));
    });
  const answerNext = async () => {
    const next = resolvers.shift();
    next?.();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { sent, run, answerNext };
}

describe('toggle queue', () => {
  it('a double tap while the first request runs sends nothing more when it ends where it started', async () => {
    const server = deferredServer();
    const queue = createToggleQueue({ isOn: (s: { on: boolean }) => s.on, run: server.run });
    const done = queue.toggle(true, { on: false }); // follow
    queue.toggle(false, { on: false }).catch(() => undefined); // unfollow, while following is in flight
    queue.toggle(true, { on: false }).catch(() => undefined); // follow again
    await server.answerNext();
    await expect(done).resolves.toEqual({ on: true });
    expect(server.sent).toEqual([true]);
    expect(queue.busy).toBe(false);
  });

  it('sends one more request when the wanted state changed during the first', async () => {
    const server = deferredServer();
    const queue = createToggleQueue({ isOn: (s: { on: boolean }) => s.on, run: server.run });
    const done = queue.toggle(true, { on: false });
    queue.toggle(false, { on: false }).catch(() => undefined);
    await server.answerNext();
    await server.answerNext();
    await expect(done).resolves.toEqual({ on: false });
    expect(server.sent).toEqual([true, false]);
  });

  it('sends nothing when the server is already in the wanted state', async () => {
    const server = deferredServer();
    const queue = createToggleQueue({ isOn: (s: { on: boolean }) => s.on, run: server.run });
    await expect(queue.toggle(true, { on: true })).resolves.toEqual({ on: true });
    expect(server.sent).toEqual([]);
  });

  it('rejects and resets after a failure, so the next tap starts fresh', async () => {
    let fail = true;
    const queue = createToggleQueue({
      isOn: (s: { on: boolean }) => s.on,
      run: async (on) => {
        if (fail) throw new Error('offline');
        return { on };
      },
    });
    await expect(queue.toggle(true, { on: false })).rejects.toThrow('offline');
    expect(queue.busy).toBe(false);
    fail = false;
    await expect(queue.toggle(true, { on: false })).resolves.toEqual({ on: true });
  });
});
