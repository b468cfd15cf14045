// What a moderator sees of a reported target. The server sends a short preview
// per target type; this reads it into one flat shape the card can draw, and
// tolerates fields a type does not have (a user has no text, a post no sender).
import type { ReportTarget } from '#/lib/api/types';

export interface PreviewPerson {
  username: string;
  displayName?: string;
  avatarUrl?: string | null;
}

export interface PreviewMessage {
  id: string;
  sender: string | null;
  text: string;
  hadImage: boolean;
  reported: boolean;
}

export interface TargetPreview {
  /** Whose content it is (the account itself for a user report); null once it is gone. */
  author: PreviewPerson | null;
  text: string;
  imageUrl: string | null;
  imageAlt: string;
  /** For a message report: the message and up to ten before it, oldest first. */
  messages: PreviewMessage[];
  /** The content no longer exists (deleted by its author, or removed). */
  gone: boolean;
  /** Where to look at it in the app, when it has a page. */
  link: string | null;
}

type Bag = Record<string, unknown>;

const isBag = (value: unknown): value is Bag => typeof value === 'object' && value !== null;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function personOf(value: unknown): PreviewPerson | null {
  if (!isBag(value) || typeof value.username !== 'string') return null;
  return {
    username: value.username,
    displayName: str(value.displayName) || undefined,
    avatarUrl: typeof value.avatarUrl === 'string' ? value.avatarUrl : null,
  };
}

function imageOf(preview: Bag): { url: string | null; alt: string } {
  for (const key of ['thumbnailUrl', 'imageUrl']) {
    if (typeof preview[key] === 'string') return { url: preview[key], alt: str(preview.alt) };
  }
  const media = Array.isArray(preview.media) ? (preview.media[0] as unknown) : preview.media;
  if (isBag(media)) {
    const variants = Array.isArray(media.variants) ? (media.variants as unknown[]) : [];
    const small = variants
      .filter(isBag)
      .filter((v) => typeof v.url === 'string' && typeof v.width === 'number')
      .sort((a, b) => (a.width as number) - (b.width as number))
      .find((v) => (v.width as number) >= 320);
    const url = typeof small?.url === 'string' ? small.url : typeof media.url === 'string' ? media.url : null;
    return { url, alt: str(media.alt) };
  }
  return { url: null, alt: '' };
}

function messagesOf(preview: Bag, reportedId: string): PreviewMessage[] {
  const list = Array.isArray(preview.messages) ? (preview.messages as unknown[]) : [];
  return list.filter(isBag).map((m, index) => {
    const id = typeof m.id === 'string' || typeof m.id === 'number' ? String(m.id) : String(index);
    return {
      id,
      sender: personOf(m.sender)?.username ?? null,
      text: str(m.text),
      hadImage: m.hadImage === true || m.media != null,
      reported: m.reported === true || id === reportedId,
    };
  });
}

export function readPreview(target: ReportTarget): TargetPreview {
  const raw = target.preview;
  const preview: Bag = isBag(raw) ? raw : { text: str(raw) };
  const author =
    target.type === 'user'
      ? (personOf(preview.user) ?? personOf(preview))
      : (personOf(preview.author) ?? personOf(preview.sender) ?? personOf(preview.user));
  const messages = target.type === 'message' ? messagesOf(preview, target.id) : [];
  const reportedSender = (Array.isArray(preview.messages) ? (preview.messages as unknown[]) : [])
    .filter(isBag)
    .find((m) => m.reported === true)?.sender;
  const owner = author ?? personOf(reportedSender);
  const image = imageOf(preview);
  const postId = str(preview.postId) || (target.type === 'post' ? target.id : '');
  const gone = preview.deleted === true || preview.gone === true || preview.exists === false || raw == null;
  let link: string | null = null;
  if (!gone && postId) link = `/p/${postId}`;
  else if (!gone && target.type === 'user' && owner) link = `/u/${owner.username}`;
  return {
    author: owner,
    text: str(preview.text) || str(preview.caption) || str(preview.bio),
    imageUrl: image.url,
    imageAlt: image.alt,
    messages,
    gone,
    link,
  };
}
