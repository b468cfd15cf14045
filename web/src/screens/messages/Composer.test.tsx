import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Message } from '#/lib/api/types';
import { type PendingMessage, useOutbox } from './outbox';
import { UploadStatus } from './thread/Bubbles';
import { Composer, TYPING_EVERY_MS } from './thread/Composer';

function sent(item: PendingMessage): Message {
  return {
    id: '1',
    conversationId: 'c1',
    sender: { id: '1', username: 'ada', displayName: '', avatarUrl: null },
    text: item.text,
    media: null,
    clientId: item.clientId,
    createdAt: '2026-11-25T10:00:00.000Z',
  };
}

describe('useOutbox', () => {
  it('shows a failed send as failed, and a retry sends the SAME clientId', async () => {
    const deliver = vi
      .fn<(item: PendingMessage) => Promise<Message>>()
      .mockRejectedValueOnce(new Error('timeout'))
      .mockImplementation(async (item) => sent(item));
    const { result } = renderHook(() => useOutbox(deliver));

    await act(async () => result.current.submit('hello'));
    expect(result.current.pending).toHaveLength(1);
    expect(result.current.pending[0]?.status).toBe('failed');
    const clientId = result.current.pending[0]?.clientId ?? '';
    expect(clientId).not.toBe('');

    await act(async () => result.current.retry(clientId));
    expect(deliver).toHaveBeenCalledTimes(2);
    expect(deliver.mock.calls[1]?.[0].clientId).toBe(clientId);
    expect(deliver.mock.calls[1]?.[0].text).toBe('hello');
    expect(result.current.pending).toHaveLength(0);
  });

  it('gives every new message its own clientId', async () => {
    const deliver = vi.fn(async (item: PendingMessage) => sent(item));
    const { result } = renderHook(() => useOutbox(deliver));
    await act(async () => {
      result.current.submit('one');
      result.current.submit('two');
    });
    const ids = deliver.mock.calls.map(([item]) => item.clientId);
    expect(new Set(ids).size).toBe(2);
  });

  it('does not resend a message that is still on its way', async () => {
    let finish: (m: Message) => void = () => undefined;
    const deliver = vi.fn(
      (item: PendingMessage) =>
        new Promise<Message>((resolve) => {
          finish = () => resolve(sent(item));
        }),
    );
    const { result } = renderHook(() => useOutbox(deliver));
    await act(async () => result.current.submit('hi'));
    await act(async () => result.current.retry(result.current.pending[0]?.clientId ?? ''));
    expect(deliver).toHaveBeenCalledTimes(1);
    await act(async () => finish(sent(result.current.pending[0] as PendingMessage)));
  });
});

describe('image upload progress', () => {
  it('the outbox shows how far an image upload has got', async () => {
    let finish: () => void = () => undefined;
    const deliver = vi.fn(
      (item: PendingMessage, report: (fraction: number) => void) =>
        new Promise<Message>((resolve) => {
          report(0.42);
          finish = () => resolve(sent(item));
        }),
    );
    const { result } = renderHook(() => useOutbox(deliver));
    const image = new File(['x'], 'p.jpg', { type: 'image/jpeg' });
    await act(async () => result.current.submit('', image));
    expect(result.current.pending[0]?.progress).toBe(0.42);
    await act(async () => finish());
    expect(result.current.pending).toHaveLength(0);
  });

  it('reads "Uploading… 42%", then "Sending…" once every byte is sent', () => {
    const { rerender } = render(<UploadStatus progress={null} />);
    expect(document.body.textContent).toBe('Uploading…');
    rerender(<UploadStatus progress={0.42} />);
    expect(screen.getByTestId('upload-percent').textContent).toBe('42%');
    expect(screen.getByRole('progressbar', { name: 'Photo upload' }).getAttribute('value')).toBe('42');
    rerender(<UploadStatus progress={1} />);
    expect(document.body.textContent).toBe('Sending…');
  });
});

describe('Composer', () => {
  it('sends on Enter, keeps Shift+Enter for a new line, and clears the box', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} onTyping={() => undefined} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'hello' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('hello', null);
    expect(box).toHaveProperty('value', '');
  });

  it('does not send a blank message', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} onTyping={() => undefined} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('says "typing" at most once every 2 s', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(10_000);
      const onTyping = vi.fn();
      render(<Composer onSend={() => undefined} onTyping={onTyping} />);
      const box = screen.getByRole('textbox', { name: 'Message' });
      fireEvent.change(box, { target: { value: 'h' } });
      fireEvent.change(box, { target: { value: 'he' } });
      vi.setSystemTime(10_000 + TYPING_EVERY_MS - 1);
      fireEvent.change(box, { target: { value: 'hel' } });
      expect(onTyping).toHaveBeenCalledTimes(1);
      vi.setSystemTime(10_000 + TYPING_EVERY_MS);
      fireEvent.change(box, { target: { value: 'hell' } });
      expect(onTyping).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
