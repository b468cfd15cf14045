// Helpers for the posts, media and engagement tests: multipart forms from the
// image fixtures, a post in one call, and counting the stored media files.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

export function fixture(name) { return readFileSync(path.join(FIXTURES, name)); }

// A FormData with `images` files (fixture names or {name, bytes, type}), a
// caption and alt texts.
export function postForm({ images = ['plain.jpg'], caption, alt, field = 'images' } = {}) {
  const form = new FormData();
  for (const image of images) {
    const { name, bytes, type } = typeof image === 'string'
      ? { name: image, bytes: fixture(image), type: 'image/jpeg' }
      : image;
    form.append(field, new Blob([bytes], { type: type ?? 'application/octet-stream' }), name);
  }
  if (caption !== undefined) form.append('caption', caption);
  for (const a of alt ?? []) form.append('alt', a);
  return form;
}

export async function createPost(client, options = {}) {
  return client.request('POST', '/api/v1/posts', { body: postForm(options) });
}

// Every file under <data-dir>/media (temporaries included).
export function mediaFiles(dataDir) {
  const root = path.join(dataDir, 'media');
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p); else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

// The spooled uploads under <data-dir>/tmp (in every instance's folder; the
// instances' lock files and folders themselves are not spool files).
export function spoolFiles(dataDir) {
  const root = path.join(dataDir, 'tmp');
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p);
      else if (!name.endsWith('.lock')) out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

// The key of a /media/ URL.
export function keyOf(url) { return url.replace(/^\/media\//, ''); }
