import { useMemo, useState } from 'react';
import { useToast } from '#/app/toasts';
import type { Post, PostEdit } from '#/lib/api/types';
import { thumbnailOf } from '#/lib/media';
import { useEditPost } from '#/state/queries/posts';
import { Dialog } from './Dialog';
import { Field, FormError } from './Field';
import { useApiForm } from './useApiForm';
import './EditPostDialog.css';

// The server's limits (api/posts/post_rules.hpp), in code points.
export const CAPTION_MAX = 2200;
export const ALT_MAX = 1000;

const length = (text: string) => [...text.trim()].length;
const altField = (index: number) => `alt[${index}]`;

/** The API's own rules, checked before sending: field name (as the API names it) → message. */
export function validatePostEdit(caption: string, alts: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (length(caption) > CAPTION_MAX) errors.caption = `Use at most ${CAPTION_MAX} characters.`;
  alts.forEach((alt, index) => {
    if (length(alt) > ALT_MAX) errors[altField(index)] = `Use at most ${ALT_MAX} characters.`;
  });
  return errors;
}

/** Only what changed (the server trims both, so spaces alone are no change); null when nothing did. */
export function changesOf(post: Post, caption: string, alts: readonly string[]): PostEdit | null {
  const edit: PostEdit = {};
  if (caption.trim() !== post.caption.trim()) edit.caption = caption.trim();
  if (alts.some((alt, index) => alt.trim() !== (post.media[index]?.alt ?? '').trim())) {
    edit.alt = alts.map((alt) => alt.trim());
  }
  return edit.caption === undefined && edit.alt === undefined ? null : edit;
}

/** The author changes a post's caption and each photo's alt text; every copy of the post shows it. */
export function EditPostDialog({ post, onClose }: { post: Post; onClose: () => void }) {
  const edit = useEditPost(post.id);
  const toast = useToast();
  const [caption, setCaption] = useState(post.caption);
  const [alts, setAlts] = useState(() => post.media.map((media) => media.alt));
  const fields = useMemo(() => ['caption', ...post.media.map((_, index) => altField(index))], [post.media]);
  const { formRef, errors, onSubmit } = useApiForm({
    fields,
    read: () => ({ caption, alts }),
    validate: (values) => validatePostEdit(values.caption, values.alts),
    send: (values, onError) => {
      const changes = changesOf(post, values.caption, values.alts);
      if (!changes) {
        onClose();
        return;
      }
      edit.mutate(changes, {
        onSuccess: () => {
          toast.info('Post updated.');
          onClose();
        },
        onError,
      });
    },
  });
  const busy = edit.isPending;

  return (
    <Dialog title="Edit post" onClose={onClose}>
      <form ref={formRef} className="form edit-post" onSubmit={onSubmit} noValidate>
        <Field
          multiline
          label="Caption"
          name="caption"
          rows={4}
          value={caption}
          onChange={(event) => setCaption(event.target.value)}
          hint={`${length(caption)} / ${CAPTION_MAX}`}
          error={errors.fields.caption}
          disabled={busy}
        />
        {post.media.length > 0 && (
          <fieldset className="edit-post__alts">
            <legend className="field__label">Alt text</legend>
            <p className="muted small edit-post__alts-hint">
              Describe each photo for people who cannot see it.
            </p>
            {post.media.map((media, index) => {
              const thumb = thumbnailOf(media, 120);
              return (
                <div key={media.url} className="edit-post__alt">
                  <img
                    className="edit-post__thumb"
                    src={thumb.url}
                    width={64}
                    height={64}
                    alt=""
                    style={{ backgroundColor: media.placeholderColour }}
                  />
                  <Field
                    className="edit-post__alt-field"
                    label={post.media.length > 1 ? `Photo ${index + 1} of ${post.media.length}` : 'Photo'}
                    name={altField(index)}
                    value={alts[index] ?? ''}
                    onChange={(event) => {
                      const value = event.target.value;
                      setAlts((was) => was.map((alt, at) => (at === index ? value : alt)));
                    }}
                    maxLength={ALT_MAX}
                    placeholder="Write alt text…"
                    error={errors.fields[altField(index)]}
                    disabled={busy}
                  />
                </div>
              );
            })}
          </fieldset>
        )}
        <FormError message={errors.form} />
        <div className="form__actions edit-post__actions">
          <button type="button" className="btn btn--secondary" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
