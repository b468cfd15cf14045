// Publishing a post with upload progress. fetch() cannot report how much of a
// request body has been sent, XMLHttpRequest can; otherwise this behaves as
// apiRequest does: same-origin cookies (the browser adds Origin, which is what
// the server's CSRF check reads), the error envelope as an ApiError, and one
// silent refresh and retry after a 401.
import {
  API_BASE,
  ApiError,
  currentRefreshGeneration,
  notifySessionExpired,
  refreshSession,
  toApiError,
} from './client';
import type { Post, PostEnvelope } from './types';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface NewPostForm {
  files: File[];
  caption: string;
  /** One per file, in the same order. */
  alts: string[];
}

interface RawAnswer {
  status: number;
  body: string;
  retryAfter: string | null;
}

/** Builds the multipart body of POST /posts: `images` and `alt` repeated, in order. */
export function newPostFormData(form: NewPostForm): FormData {
  const data = new FormData();
  data.append('caption', form.caption);
  form.files.forEach((file, index) => {
    data.append('images', file, file.name);
    data.append('alt', form.alts[index] ?? '');
  });
  return data;
}

function sendOnce(
  url: string,
  body: FormData,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    // Same origin: cookies go with the request without withCredentials (which is for other origins).
    xhr.withCredentials = false;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    xhr.upload.onload = () => {
      // Every byte is sent; the server now checks and resizes the images.
      onProgress({ loaded: 1, total: 1 });
    };
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        body: xhr.responseText,
        retryAfter: xhr.getResponseHeader('Retry-After'),
      });
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Could not reach Lenslet.'));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('The upload was cancelled', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(body);
  });
}

async function errorOf(answer: RawAnswer): Promise<ApiError> {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (answer.retryAfter) headers.set('Retry-After', answer.retryAfter);
  return toApiError(new Response(answer.body || null, { status: answer.status, headers }));
}

/**
 * POSTs a multipart form to `path` (under /api/v1), reporting upload progress,
 * and returns the parsed JSON answer. `makeBody` builds the form again for the
 * one retry after a silent refresh.
 */
export async function uploadForm<T>(
  path: string,
  makeBody: () => FormData,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  const url = `${API_BASE}${path}`;
  const generation = currentRefreshGeneration();
  let answer = await sendOnce(url, makeBody(), onProgress, signal);
  if (answer.status === 401) {
    // The access token expired while the person was choosing photos: refresh once and send again.
    const refreshed = generation !== currentRefreshGeneration() ? true : await refreshSession();
    if (refreshed) {
      onProgress({ loaded: 0, total: 1 });
      answer = await sendOnce(url, makeBody(), onProgress, signal);
    }
    if (answer.status === 401) notifySessionExpired();
  }
  if (answer.status < 200 || answer.status >= 300) throw await errorOf(answer);
  try {
    return JSON.parse(answer.body) as T;
  } catch {
    throw new ApiError(answer.status, 'bad_response', 'The server sent an answer we could not read.');
  }
}

/** POST /posts as multipart, reporting upload progress; resolves with the new post. */
export async function uploadPost(
  form: NewPostForm,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<Post> {
  return (await uploadForm<PostEnvelope>('/posts', () => newPostFormData(form), onProgress, signal)).post;
}
