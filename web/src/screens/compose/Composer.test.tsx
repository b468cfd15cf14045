import { QueryClient } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '#/lib/api/client';
import type { Post } from '#/lib/api/types';
import { type NewPostForm, type UploadProgress, uploadPost } from '#/lib/api/upload';
import { feedKeys } from '#/state/queries/feed';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, makePost, renderWithProviders } from '#/test/utils';
import { Composer } from './Composer';

vi.mock('#/lib/api/upload', () => ({ uploadPost: vi.fn() }));
const upload = vi.mocked(uploadPost);

function image(name: string, type = 'image/jpeg', size = 2048): File {
  const file = new File(['pixels'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

// The file input keeps `accept` for the browser's picker; these tests hand it anything, as a drop would.
const user = () => userEvent.setup({ applyAccept: false });

function renderComposer(onPosted = vi.fn()) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(sessionKeys.me, makeOwnUser());
  const view = renderWithProviders(<Composer onPosted={onPosted} />, { queryClient });
  return { ...view, onPosted };
}

function tileNames() {
  return screen.getAllByTestId('photo-tile').map((tile) => within(tile).getByRole('img').getAttribute('alt'));
}

beforeEach(() => {
  upload.mockReset();
  // After a post the app refreshes the profile and session; nothing here needs their answers.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => jsonResponse(404, { error: { code: 'not_found', message: 'Not here' } })),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('Composer', () => {
  it('refuses non-images, refused image types, files over 25 MB and an eleventh photo, saying why for each', async () => {
    renderComposer();
    const u = user();
    await u.upload(await screen.findByLabelText('Select photos'), [
      image('a.jpg'),
      image('notes.pdf', 'application/pdf'),
      image('anim.gif', 'image/gif'),
      image('huge.jpg', 'image/jpeg', 30 * 1024 * 1024),
    ]);
    expect(tileNames()).toEqual(['Photo 1 of 1: a.jpg']);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/3 files were not added/);
    expect(alert.textContent).toMatch(/notes\.pdf — Not a photo/);
    expect(alert.textContent).toMatch(/anim\.gif — GIF images are not accepted/);
    expect(alert.textContent).toMatch(/huge\.jpg — Too large \(30 MB\)/);

    await u.upload(
      screen.getByLabelText('Add photos'),
      Array.from({ length: 10 }, (_, i) => image(`p${i}.jpg`)),
    );
    expect(screen.getAllByTestId('photo-tile')).toHaveLength(10);
    expect(screen.getByRole('alert').textContent).toMatch(
      /p9\.jpg — Not added: a post holds at most 10 photos/,
    );
    // Ten chosen: nothing more can be added.
    expect(screen.queryByLabelText('Add photos')).toBeNull();
  });

  it('reorders with the keyboard, keeping focus on the moved photo, and removes (revoking its preview URL)', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    renderComposer();
    const u = user();
    await u.upload(await screen.findByLabelText('Select photos'), [
      image('a.jpg'),
      image('b.jpg'),
      image('c.jpg'),
    ]);
    expect(tileNames()).toEqual(['Photo 1 of 3: a.jpg', 'Photo 2 of 3: b.jpg', 'Photo 3 of 3: c.jpg']);
    expect((screen.getByRole('button', { name: 'Move photo 1 earlier' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    screen.getByRole('button', { name: 'Move photo 1 later' }).focus();
    await u.keyboard('{Enter}');
    expect(tileNames()).toEqual(['Photo 1 of 3: b.jpg', 'Photo 2 of 3: a.jpg', 'Photo 3 of 3: c.jpg']);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Move photo 2 later');
    await u.keyboard('{Enter}');
    expect(tileNames()).toEqual(['Photo 1 of 3: b.jpg', 'Photo 2 of 3: c.jpg', 'Photo 3 of 3: a.jpg']);
    // At the end "later" is disabled: focus goes to its twin instead of being lost.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Move photo 3 earlier');
    expect(screen.getByText('Photo moved to position 3 of 3.')).toBeTruthy();

    const revokedBefore = revoke.mock.calls.length;
    await u.click(screen.getByRole('button', { name: 'Remove photo 1' }));
    expect(tileNames()).toEqual(['Photo 1 of 2: c.jpg', 'Photo 2 of 2: a.jpg']);
    expect(revoke.mock.calls.length).toBe(revokedBefore + 1);
  });

  it('reorders by dragging one photo onto another with the mouse', async () => {
    renderComposer();
    await user().upload(await screen.findByLabelText('Select photos'), [
      image('a.jpg'),
      image('b.jpg'),
      image('c.jpg'),
    ]);
    const frames = screen
      .getAllByTestId('photo-tile')
      .map((tile) => tile.querySelector('.photo-tile__frame') as Element);
    const data = new Map<string, string>();
    const dataTransfer = {
      get types() {
        return [...data.keys()];
      },
      setData: (type: string, value: string) => data.set(type, value),
      getData: (type: string) => data.get(type) ?? '',
      effectAllowed: 'none',
      dropEffect: 'none',
      files: [],
    };
    fireEvent.dragStart(frames[2] as Element, { dataTransfer });
    fireEvent.dragOver(frames[0] as Element, { dataTransfer });
    fireEvent.drop(frames[0] as Element, { dataTransfer });
    expect(tileNames()).toEqual(['Photo 1 of 3: c.jpg', 'Photo 2 of 3: a.jpg', 'Photo 3 of 3: b.jpg']);
  });

  it('counts the caption in characters and will not share one over 2,200', async () => {
    renderComposer();
    const u = user();
    await u.upload(await screen.findByLabelText('Select photos'), [image('a.jpg')]);
    const caption = screen.getByLabelText('Caption');
    fireEvent.change(caption, { target: { value: '😀'.repeat(2200) } });
    expect(screen.getByText(/2,200 \/ 2,200/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Share' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.change(caption, { target: { value: '😀'.repeat(2201) } });
    expect(screen.getByText(/2,201 \/ 2,200/)).toBeTruthy();
    expect(caption.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Share' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shares photos in their order with their alt texts, shows the real progress, and puts the post on top of the feed', async () => {
    let report: (p: UploadProgress) => void = () => undefined;
    let finish: (post: Post) => void = () => undefined;
    upload.mockImplementation(
      (_form: NewPostForm, onProgress: (p: UploadProgress) => void) =>
        new Promise<Post>((resolve) => {
          report = onProgress;
          finish = resolve;
        }),
    );
    const { queryClient, onPosted } = renderComposer();
    queryClient.setQueryData(feedKeys.home(), {
      pages: [{ items: [makePost({ id: '1' })], nextCursor: null }],
      pageParams: [null],
    });
    const u = user();
    await u.upload(await screen.findByLabelText('Select photos'), [image('a.jpg'), image('b.jpg')]);
    await u.click(screen.getByRole('button', { name: 'Move photo 1 later' }));
    await u.type(screen.getByLabelText('Alt text for photo 1'), 'A bee');
    await u.type(screen.getByLabelText('Alt text for photo 2'), 'A flower');
    await u.type(screen.getByLabelText('Caption'), '  Spring #bees  ');
    await u.click(screen.getByRole('button', { name: 'Share' }));

    const form = upload.mock.calls[0]?.[0];
    expect(form?.files.map((f) => f.name)).toEqual(['b.jpg', 'a.jpg']);
    expect(form?.alts).toEqual(['A bee', 'A flower']);
    expect(form?.caption).toBe('Spring #bees');

    const bar = screen.getByRole('progressbar', { name: 'Uploading photos' });
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    report({ loaded: 512, total: 1024 });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('50'));
    report({ loaded: 1024, total: 1024 });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('100'));
    expect(screen.getByText('Processing your photos…')).toBeTruthy();
    expect((screen.getByLabelText('Caption') as HTMLTextAreaElement).disabled).toBe(true);

    const post = makePost({
      id: '55',
      author: { id: '1', username: 'ada', displayName: 'Ada', avatarUrl: null },
    });
    finish(post);
    await waitFor(() => expect(onPosted).toHaveBeenCalledWith(post));
    const feed = queryClient.getQueryData<{ pages: { items: Post[] }[] }>(feedKeys.home());
    expect(feed?.pages[0]?.items.map((p) => p.id)).toEqual(['55', '1']);
  });

  it("shows the server's refusal in a toast and keeps the photos for another try", async () => {
    upload.mockRejectedValue(
      new ApiError(415, 'unsupported_media_type', 'Upload a JPEG, PNG, WebP, HEIC or AVIF image', 'images'),
    );
    const { onPosted } = renderComposer();
    const u = user();
    await u.upload(await screen.findByLabelText('Select photos'), [image('fake.jpg')]);
    await u.click(screen.getByRole('button', { name: 'Share' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      /Your post was not shared\. Upload a JPEG, PNG, WebP, HEIC or AVIF image/,
    );
    // Nothing to retry as is: the photo has to change.
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(tileNames()).toEqual(['Photo 1 of 1: fake.jpg']);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(onPosted).not.toHaveBeenCalled();
  });
});
