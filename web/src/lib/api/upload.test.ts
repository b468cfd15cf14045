import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, makePost } from '#/test/utils';
import { ApiError, resetRefreshStateForTests } from './client';
import { conversationsApi } from './endpoints';
import { newPostFormData, uploadPost } from './upload';

type Answer = { status: number; body: string; headers?: Record<string, string> };

/** A stand-in XMLHttpRequest: records what was sent, reports progress, answers from a script. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  static answers: Answer[] = [];
  method = '';
  url = '';
  body: FormData | null = null;
  withCredentials = false;
  status = 0;
  responseText = '';
  headers: Record<string, string> = {};
  requestHeaders: Record<string, string> = {};
  upload: { onprogress: ((e: ProgressEvent) => void) | null; onload: (() => void) | null } = {
    onprogress: null,
    onload: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.requestHeaders[name] = value;
  }
  getResponseHeader(name: string) {
    return this.headers[name] ?? null;
  }
  abort() {
    this.onabort?.();
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
    const answer = FakeXhr.answers.shift() ?? { status: 500, body: '' };
    queueMicrotask(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 300, total: 1000 } as ProgressEvent);
      this.upload.onprogress?.({ lengthComputable: true, loaded: 1000, total: 1000 } as ProgressEvent);
      this.upload.onload?.();
      this.status = answer.status;
      this.responseText = answer.body;
      this.headers = answer.headers ?? {};
      this.onload?.();
    });
  }
}

const form = () => ({
  files: [new File(['a'], 'a.jpg', { type: 'image/jpeg' }), new File(['b'], 'b.png', { type: 'image/png' })],
  alts: ['First', ''],
  caption: 'Two #photos',
});

beforeEach(() => {
  FakeXhr.sent = [];
  FakeXhr.answers = [];
  resetRefreshStateForTests();
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => vi.unstubAllGlobals());

describe('newPostFormData', () => {
  it('repeats images and alt in the photos’ order, one alt per image even when empty', () => {
    const data = newPostFormData(form());
    expect(data.getAll('images').map((f) => (f as File).name)).toEqual(['a.jpg', 'b.png']);
    expect(data.getAll('alt')).toEqual(['First', '']);
    expect(data.get('caption')).toBe('Two #photos');
  });
});

describe('uploadPost', () => {
  it('POSTs the multipart body to the same origin, reports progress, and returns the post', async () => {
    const post = makePost({ id: '9' });
    FakeXhr.answers.push({ status: 201, body: JSON.stringify({ post }) });
    const progress: number[] = [];
    await expect(uploadPost(form(), (p) => progress.push(p.loaded / p.total))).resolves.toEqual(post);
    const [xhr] = FakeXhr.sent;
    expect(xhr?.method).toBe('POST');
    expect(xhr?.url).toBe('/api/v1/posts');
    // Same origin: cookies go anyway; withCredentials would only matter across origins.
    expect(xhr?.withCredentials).toBe(false);
    expect(xhr?.requestHeaders.Accept).toBe('application/json');
    expect(progress).toEqual([0.3, 1, 1]);
  });

  it('turns an error answer into an ApiError with the server message and field', async () => {
    FakeXhr.answers.push({
      status: 415,
      body: JSON.stringify({
        error: {
          code: 'unsupported_media_type',
          message: 'Upload a JPEG, PNG, WebP, HEIC or AVIF image',
          field: 'images',
        },
      }),
    });
    const error = await uploadPost(form(), () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 415, code: 'unsupported_media_type', field: 'images' });
  });

  it('reads a 413 without a JSON body, and Retry-After of a 429', async () => {
    FakeXhr.answers.push({ status: 413, body: 'too big' });
    await expect(uploadPost(form(), () => undefined)).rejects.toMatchObject({ code: 'payload_too_large' });
    FakeXhr.answers.push({
      status: 429,
      body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many posts, try again later' } }),
      headers: { 'Retry-After': '120' },
    });
    await expect(uploadPost(form(), () => undefined)).rejects.toMatchObject({ retryAfterSeconds: 120 });
  });

  it('after a 401 refreshes the session once and sends again', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { user: {} }));
    vi.stubGlobal('fetch', fetchMock);
    FakeXhr.answers.push(
      { status: 401, body: '' },
      { status: 201, body: JSON.stringify({ post: makePost() }) },
    );
    await expect(uploadPost(form(), () => undefined)).resolves.toMatchObject({ id: '100' });
    expect(FakeXhr.sent).toHaveLength(2);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String(fetchMock.mock.calls[0]?.[0 as never])).toBe('/api/v1/auth/refresh');
  });

  it('a cancelled upload rejects with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(uploadPost(form(), () => undefined, controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('image messages', () => {
  it('go through the same upload client: multipart to the conversation, with progress', async () => {
    const message = {
      id: '5',
      conversationId: '7',
      sender: { id: '1', username: 'ada', displayName: 'Ada', avatarUrl: null },
      text: 'look',
      media: null,
      clientId: 'c-1',
      createdAt: '2026-11-25T10:00:00.000Z',
    };
    FakeXhr.answers.push({ status: 201, body: JSON.stringify({ message }) });
    const progress: number[] = [];
    const image = new File(['x'], 'p.jpg', { type: 'image/jpeg' });
    await expect(
      conversationsApi.sendImage('7', { image, text: 'look', clientId: 'c-1' }, (p) =>
        progress.push(p.loaded / p.total),
      ),
    ).resolves.toEqual(message);
    const [xhr] = FakeXhr.sent;
    expect(xhr?.url).toBe('/api/v1/conversations/7/messages');
    expect((xhr?.body?.get('image') as File).name).toBe('p.jpg');
    expect(xhr?.body?.get('text')).toBe('look');
    expect(xhr?.body?.get('clientId')).toBe('c-1');
    expect(progress).toEqual([0.3, 1, 1]);
  });
});
