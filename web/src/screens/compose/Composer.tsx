import {
  type ChangeEvent,
  type DragEvent,
  type FormEvent,
  type ReactNode,
  useEffect,
  useId,
  useReducer,
  useRef,
  useState,
} from 'react';
import { useToast } from '#/app/toasts';
import { CameraIcon, PlusSquareIcon } from '#/components/Icons';
import { errorMessage, isApiError } from '#/lib/api/client';
import type { Post } from '#/lib/api/types';
import { codePointLength } from '#/lib/rich-text';
import { useCreatePost } from '#/state/queries/posts';
import { useMe } from '#/state/queries/session';
import {
  ACCEPTED_NAMES,
  ACCEPTED_TYPES,
  CAPTION_MAX,
  MAX_PHOTOS,
  type Photo,
  photosReducer,
  refusedPhotoIndex,
  type Rejection,
  screenFiles,
} from './compose-state';
import { PhotoTile } from './PhotoTile';
import { UploadProgress } from './UploadProgress';

let nextPhotoId = 1;

/** The file input, as a button-like label (the input itself stays in the page, for keyboards and tests). */
function PickButton({
  inputId,
  label,
  disabled,
  onFiles,
  children,
  className,
}: {
  inputId: string;
  label: string;
  disabled: boolean;
  onFiles: (files: File[]) => void;
  children: ReactNode;
  className: string;
}) {
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    onFiles(Array.from(event.target.files ?? []));
    // The same file can be chosen again after it was removed.
    event.target.value = '';
  };
  return (
    <>
      <input
        id={inputId}
        type="file"
        className="visually-hidden composer__input"
        accept={ACCEPTED_TYPES}
        multiple
        disabled={disabled}
        aria-label={label}
        onChange={onChange}
      />
      <label htmlFor={inputId} className={className} aria-hidden="true">
        {children}
      </label>
    </>
  );
}

/**
 * Choose 1–10 photos (picker or drag and drop), order them, describe them,
 * write a caption and share, with the upload's progress. `onPosted` gets the new post.
 */
export function Composer({
  onPosted,
  onWorkChange,
}: {
  onPosted: (post: Post) => void;
  /** Whether there is anything to lose (photos picked or a caption typed), each time that changes. */
  onWorkChange?: (hasWork: boolean) => void;
}) {
  const me = useMe();
  const toast = useToast();
  const create = useCreatePost(me.username);
  const [photos, dispatch] = useReducer(photosReducer, []);
  const [rejected, setRejected] = useState<Rejection[]>([]);
  const [caption, setCaption] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const abort = useRef<AbortController | null>(null);
  const focusAfterMove = useRef<{ id: string; by: -1 | 1 } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const dragDepth = useRef(0);
  const ids = useId();
  const uploading = progress !== null;

  const captionLength = codePointLength(caption.trim());
  const captionTooLong = captionLength > CAPTION_MAX;
  const canShare = photos.length > 0 && !captionTooLong && !uploading;

  // After a move the button pressed went with its photo; keep focus on it (or on
  // its twin when it reached the end and is disabled now).
  useEffect(() => {
    if (!focusAfterMove.current) return;
    const { id, by } = focusAfterMove.current;
    focusAfterMove.current = null;
    const same = document.getElementById(`${id}-${by < 0 ? 'earlier' : 'later'}`) as HTMLButtonElement | null;
    const other = document.getElementById(
      `${id}-${by < 0 ? 'later' : 'earlier'}`,
    ) as HTMLButtonElement | null;
    (same && !same.disabled ? same : other)?.focus();
  });

  const hasWork = photos.length > 0 || caption.trim() !== '';
  useEffect(() => onWorkChange?.(hasWork), [hasWork, onWorkChange]);

  // Leaving mid-upload cancels it.
  useEffect(() => () => abort.current?.abort(), []);

  const addFiles = (files: File[]) => {
    if (files.length === 0 || uploading) return;
    const { accepted, rejected: refused } = screenFiles(photos.length, files);
    setRejected(refused);
    if (accepted.length > 0) {
      dispatch({
        type: 'add',
        photos: accepted.map((file) => ({ id: `photo-${nextPhotoId++}`, file, alt: '' })),
      });
      const total = photos.length + accepted.length;
      setAnnouncement(
        `${accepted.length} ${accepted.length === 1 ? 'photo' : 'photos'} added, ${total} of ${MAX_PHOTOS}.`,
      );
    }
  };

  const move = (photo: Photo, by: -1 | 1) => {
    const from = photos.findIndex((p) => p.id === photo.id);
    const to = from + by;
    if (to < 0 || to >= photos.length) return;
    dispatch({ type: 'move', id: photo.id, by });
    focusAfterMove.current = { id: photo.id, by };
    setAnnouncement(`Photo moved to position ${to + 1} of ${photos.length}.`);
  };

  const remove = (photo: Photo, position: number) => {
    dispatch({ type: 'remove', id: photo.id });
    setAnnouncement(`Photo ${position + 1} removed.`);
  };

  const share = (event: FormEvent) => {
    event.preventDefault();
    if (!canShare) return;
    const controller = new AbortController();
    abort.current = controller;
    setProgress(0);
    create.mutate(
      {
        form: {
          files: photos.map((p) => p.file),
          alts: photos.map((p) => p.alt.trim()),
          caption: caption.trim(),
        },
        onProgress: ({ loaded, total }) => setProgress(total > 0 ? loaded / total : 0),
        signal: controller.signal,
      },
      {
        onSuccess: (post) => {
          abort.current = null;
          setProgress(null);
          onPosted(post);
        },
        onError: (error) => {
          abort.current = null;
          setProgress(null);
          if (error instanceof DOMException && error.name === 'AbortError') return;
          // 413/415/422 say what to change; others may pass on a retry.
          const fixable = isApiError(error) && [413, 415, 422].includes(error.status);
          const refused = isApiError(error) ? refusedPhotoIndex(error.field, photos.length) : null;
          const which =
            refused === null ? '' : `Photo ${refused + 1} (${photos[refused]?.file.name ?? ''}): `;
          toast.show({
            kind: 'error',
            message: `Your post was not shared. ${which}${errorMessage(error)}`,
            retry: fixable ? undefined : () => formRef.current?.requestSubmit(),
          });
        },
      },
    );
  };

  const dropHandlers = {
    onDragEnter: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      dragDepth.current += 1;
      setDragging(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = uploading ? 'none' : 'copy';
    },
    onDragLeave: () => {
      // dragleave fires for every child crossed: count, so the highlight only goes when the pointer leaves.
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      addFiles(Array.from(event.dataTransfer.files));
    },
  };

  const inputId = `${ids}-files`;
  return (
    <form
      ref={formRef}
      className={`composer${dragging ? ' composer--dragging' : ''}`}
      aria-label="New post"
      onSubmit={share}
      {...dropHandlers}
    >
      {photos.length === 0 ? (
        <div className="composer__drop">
          <CameraIcon size={56} />
          <p className="composer__drop-title">Drag photos here</p>
          <p className="muted small">
            Up to {MAX_PHOTOS} photos, {ACCEPTED_NAMES}, 25 MB each.
          </p>
          <PickButton
            inputId={inputId}
            label="Select photos"
            disabled={uploading}
            onFiles={addFiles}
            className="btn btn--primary composer__pick"
          >
            Select from your device
          </PickButton>
        </div>
      ) : (
        <ol className="composer__photos" aria-label={`Chosen photos, ${photos.length} of ${MAX_PHOTOS}`}>
          {photos.map((photo, i) => (
            <PhotoTile
              key={photo.id}
              photo={photo}
              position={i}
              count={photos.length}
              disabled={uploading}
              onMove={(by) => move(photo, by)}
              onRemove={() => remove(photo, i)}
              onAlt={(alt) => dispatch({ type: 'alt', id: photo.id, alt })}
              onDropPhoto={(id) => {
                if (id === photo.id) return;
                dispatch({ type: 'moveTo', id, to: i });
                setAnnouncement(`Photo moved to position ${i + 1} of ${photos.length}.`);
              }}
            />
          ))}
          {photos.length < MAX_PHOTOS && (
            <li className="composer__add">
              <PickButton
                inputId={inputId}
                label="Add photos"
                disabled={uploading}
                onFiles={addFiles}
                className="composer__add-label"
              >
                <PlusSquareIcon size={28} />
                <span>Add</span>
              </PickButton>
            </li>
          )}
        </ol>
      )}

      {rejected.length > 0 && (
        <div className="composer__rejected" role="alert">
          <p className="strong">
            {rejected.length === 1 ? 'One file was not added:' : `${rejected.length} files were not added:`}
          </p>
          <ul>
            {rejected.map((r, i) => (
              <li key={`${r.name}-${i}`}>
                <span className="strong">{r.name}</span> — {r.reason}
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setRejected([])}>
            Dismiss
          </button>
        </div>
      )}

      <div className={`field composer__caption${captionTooLong ? ' field--error' : ''}`}>
        <label className="field__label" htmlFor={`${ids}-caption`}>
          Caption
        </label>
        <textarea
          id={`${ids}-caption`}
          name="caption"
          className="field__input field__input--area"
          rows={4}
          placeholder="Write a caption… #tags and @mentions work"
          value={caption}
          disabled={uploading}
          aria-invalid={captionTooLong || undefined}
          aria-describedby={`${ids}-count`}
          onChange={(event) => setCaption(event.target.value)}
        />
        <p
          id={`${ids}-count`}
          className={`field__hint composer__count${captionTooLong ? ' composer__count--over' : ''}`}
        >
          {captionLength.toLocaleString('en-US')} / {CAPTION_MAX.toLocaleString('en-US')}
          {captionTooLong && <span role="alert"> — the caption is too long</span>}
        </p>
      </div>

      {uploading && <UploadProgress fraction={progress} />}

      <div className="composer__actions">
        {uploading ? (
          <button type="button" className="btn btn--secondary" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="btn btn--primary" disabled={!canShare}>
          {uploading ? 'Sharing…' : 'Share'}
        </button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </form>
  );
}
