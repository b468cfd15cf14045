import { describe, expect, it } from 'vitest';
import {
  fileProblem,
  MAX_PHOTO_BYTES,
  type Photo,
  photosReducer,
  refusedPhotoIndex,
  screenFiles,
} from './compose-state';

function file(name: string, type: string, size = 1000): File {
  const f = new File(['x'], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

describe('fileProblem', () => {
  it('accepts the image types the server takes', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/avif']) {
      expect(fileProblem(file('a', type))).toBeNull();
    }
  });

  it('refuses what is not an image, and names the accepted types', () => {
    expect(fileProblem(file('notes.pdf', 'application/pdf'))).toMatch(
      /Not a photo.*JPEG, PNG, WebP, HEIC or AVIF/,
    );
  });

  it('refuses image types the server would answer 415 for', () => {
    expect(fileProblem(file('a.gif', 'image/gif'))).toMatch(/^GIF images are not accepted/);
    expect(fileProblem(file('a.svg', 'image/svg+xml'))).toMatch(/^SVG images are not accepted/);
  });

  it('lets an untyped file through when its name says image (HEIC on some systems)', () => {
    expect(fileProblem(file('IMG_1.HEIC', ''))).toBeNull();
    expect(fileProblem(file('archive', ''))).toMatch(/Not a photo/);
  });

  it('refuses files over 25 MB and empty files', () => {
    expect(fileProblem(file('big.jpg', 'image/jpeg', MAX_PHOTO_BYTES))).toBeNull();
    expect(fileProblem(file('big.jpg', 'image/jpeg', MAX_PHOTO_BYTES + 1))).toMatch(/Too large \(25 MB\)/);
    expect(fileProblem(file('huge.jpg', 'image/jpeg', 40 * 1024 * 1024))).toMatch(/40 MB/);
    expect(fileProblem(file('empty.jpg', 'image/jpeg', 0))).toMatch(/empty/);
  });
});

describe('screenFiles', () => {
  it('keeps the order, and refuses the photos past the tenth', () => {
    const files = Array.from({ length: 4 }, (_, i) => file(`p${i}.jpg`, 'image/jpeg'));
    const { accepted, rejected } = screenFiles(8, files);
    expect(accepted.map((f) => f.name)).toEqual(['p0.jpg', 'p1.jpg']);
    expect(rejected).toEqual([
      { name: 'p2.jpg', reason: 'Not added: a post holds at most 10 photos.' },
      { name: 'p3.jpg', reason: 'Not added: a post holds at most 10 photos.' },
    ]);
  });

  it('a refused file does not take a place', () => {
    const { accepted, rejected } = screenFiles(9, [
      file('a.pdf', 'application/pdf'),
      file('b.png', 'image/png'),
    ]);
    expect(accepted.map((f) => f.name)).toEqual(['b.png']);
    expect(rejected.map((r) => r.name)).toEqual(['a.pdf']);
  });
});

describe('photosReducer', () => {
  const photos: Photo[] = ['a', 'b', 'c'].map((id) => ({
    id,
    file: file(`${id}.jpg`, 'image/jpeg'),
    alt: '',
  }));
  const order = (list: Photo[]) => list.map((p) => p.id).join('');

  it('moves a photo one place either way, and not past the ends', () => {
    expect(order(photosReducer(photos, { type: 'move', id: 'a', by: 1 }))).toBe('bac');
    expect(order(photosReducer(photos, { type: 'move', id: 'c', by: -1 }))).toBe('acb');
    expect(photosReducer(photos, { type: 'move', id: 'a', by: -1 })).toBe(photos);
    expect(photosReducer(photos, { type: 'move', id: 'c', by: 1 })).toBe(photos);
  });

  it('moves a dragged photo to where it was dropped', () => {
    expect(order(photosReducer(photos, { type: 'moveTo', id: 'a', to: 2 }))).toBe('bca');
    expect(order(photosReducer(photos, { type: 'moveTo', id: 'c', to: 0 }))).toBe('cab');
    expect(photosReducer(photos, { type: 'moveTo', id: 'b', to: 1 })).toBe(photos);
    expect(photosReducer(photos, { type: 'moveTo', id: 'b', to: 3 })).toBe(photos);
  });

  it('removes, sets alt text, and never holds more than ten', () => {
    expect(order(photosReducer(photos, { type: 'remove', id: 'b' }))).toBe('ac');
    expect(photosReducer(photos, { type: 'alt', id: 'b', alt: 'A dog' })[1]?.alt).toBe('A dog');
    const many = Array.from({ length: 12 }, (_, i) => ({
      id: `x${i}`,
      file: file('x.jpg', 'image/jpeg'),
      alt: '',
    }));
    expect(photosReducer([], { type: 'add', photos: many })).toHaveLength(10);
  });
});

describe('refusedPhotoIndex', () => {
  it('reads which photo the server refused from the error field images[i]', () => {
    expect(refusedPhotoIndex('images[0]', 3)).toBe(0);
    expect(refusedPhotoIndex('images[2]', 3)).toBe(2);
  });

  it('is null for refusals of the whole post, unknown fields and indexes past the photos', () => {
    expect(refusedPhotoIndex('images', 3)).toBeNull();
    expect(refusedPhotoIndex('caption', 3)).toBeNull();
    expect(refusedPhotoIndex(undefined, 3)).toBeNull();
    expect(refusedPhotoIndex('images[3]', 3)).toBeNull();
    expect(refusedPhotoIndex('images[-1]', 3)).toBeNull();
    expect(refusedPhotoIndex('ximages[1]', 3)).toBeNull();
  });
});
