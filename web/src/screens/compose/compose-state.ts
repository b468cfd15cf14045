// The composer's state as plain functions, so the rules (which files are
// refused and why, how reordering moves things) are tested without a browser.

export const MAX_PHOTOS = 10;
export const MAX_PHOTO_BYTES = 25 * 1024 * 1024;
export const CAPTION_MAX = 2200;
export const ALT_MAX = 1000;
export const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif';
export const ACCEPTED_NAMES = 'JPEG, PNG, WebP, HEIC or AVIF';

// Images a browser calls image/* that the server refuses (it decides by content: 415).
const REFUSED_IMAGE_TYPES = new Map([
  ['image/gif', 'GIF'],
  ['image/svg+xml', 'SVG'],
  ['image/tiff', 'TIFF'],
  ['image/bmp', 'BMP'],
  ['image/x-icon', 'Icon'],
  ['image/vnd.microsoft.icon', 'Icon'],
]);
// Some systems give HEIC/AVIF files no type at all: then the name decides here, the content on the server.
const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|heic|heif|avif)$/i;

/** The drag data type of a photo being reordered by mouse (files being dropped carry 'Files'). */
export const PHOTO_DRAG_TYPE = 'application/x-lenslet-photo';

export interface Photo {
  id: string;
  file: File;
  alt: string;
}

export interface Rejection {
  name: string;
  reason: string;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}

/** Why a file cannot be posted, or null when it may be sent. */
export function fileProblem(file: Pick<File, 'name' | 'type' | 'size'>): string | null {
  const type = file.type.toLowerCase();
  if (type === '' ? !IMAGE_EXTENSIONS.test(file.name) : !type.startsWith('image/')) {
    return `Not a photo. Choose ${ACCEPTED_NAMES} images.`;
  }
  const refused = REFUSED_IMAGE_TYPES.get(type);
  if (refused) return `${refused} images are not accepted. Choose ${ACCEPTED_NAMES}.`;
  if (file.size === 0) return 'The file is empty.';
  if (file.size > MAX_PHOTO_BYTES) {
    return `Too large (${megabytes(file.size)} MB): a photo can be at most 25 MB.`;
  }
  return null;
}

/** Splits chosen files into those to add (keeping their order) and those refused, with the reason. */
export function screenFiles(
  alreadyChosen: number,
  files: readonly File[],
): { accepted: File[]; rejected: Rejection[] } {
  const accepted: File[] = [];
  const rejected: Rejection[] = [];
  for (const file of files) {
    const problem = fileProblem(file);
    if (problem) {
      rejected.push({ name: file.name, reason: problem });
    } else if (alreadyChosen + accepted.length >= MAX_PHOTOS) {
      rejected.push({ name: file.name, reason: `Not added: a post holds at most ${MAX_PHOTOS} photos.` });
    } else {
      accepted.push(file);
    }
  }
  return { accepted, rejected };
}

/**
 * Which photo a server refusal is about: the API names the file as `images[i]`
 * (counting from 0 in the order sent, which is the composer's order). Null when
 * the refusal is about the whole post.
 */
export function refusedPhotoIndex(field: string | undefined, photoCount: number): number | null {
  const match = /^images\[(\d+)\]$/.exec(field ?? '');
  if (!match) return null;
  const index = Number(match[1]);
  return index < photoCount ? index : null;
}

export type PhotoAction =
  | { type: 'add'; photos: Photo[] }
  | { type: 'remove'; id: string }
  | { type: 'move'; id: string; by: number }
  | { type: 'moveTo'; id: string; to: number }
  | { type: 'alt'; id: string; alt: string }
  | { type: 'clear' };

export function photosReducer(photos: Photo[], action: PhotoAction): Photo[] {
  switch (action.type) {
    case 'add':
      return [...photos, ...action.photos].slice(0, MAX_PHOTOS);
    case 'remove':
      return photos.filter((photo) => photo.id !== action.id);
    case 'move': {
      const from = photos.findIndex((photo) => photo.id === action.id);
      const to = from + action.by;
      if (from < 0 || to < 0 || to >= photos.length) return photos;
      const next = [...photos];
      const [moved] = next.splice(from, 1);
      if (moved) next.splice(to, 0, moved);
      return next;
    }
    case 'moveTo': {
      const from = photos.findIndex((photo) => photo.id === action.id);
      if (from < 0 || action.to < 0 || action.to >= photos.length || from === action.to) return photos;
      const next = [...photos];
      const [moved] = next.splice(from, 1);
      if (moved) next.splice(action.to, 0, moved);
      return next;
    }
    case 'alt':
      return photos.map((photo) => (photo.id === action.id ? { ...photo, alt: action.alt } : photo));
    case 'clear':
      return [];
  }
}
