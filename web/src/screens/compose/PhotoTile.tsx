import { ChevronLeftIcon, ChevronRightIcon, CloseIcon } from '#/components/Icons';
import { useObjectUrlSrc } from '#/lib/hooks/useObjectUrl';
import { useState } from 'react';
import { ALT_MAX, type Photo, PHOTO_DRAG_TYPE } from './compose-state';

/** One chosen photo: its preview, buttons to move or remove it, and its alt text. */
export function PhotoTile({
  photo,
  position,
  count,
  disabled,
  onMove,
  onRemove,
  onAlt,
  onDropPhoto,
}: {
  photo: Photo;
  position: number;
  count: number;
  disabled: boolean;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onAlt: (alt: string) => void;
  /** Another photo was dragged onto this one (by mouse; the buttons do the same by keyboard). */
  onDropPhoto: (id: string) => void;
}) {
  const [over, setOver] = useState(false);
  const preview = useObjectUrlSrc(photo.file);
  const n = position + 1;
  return (
    <li className={`photo-tile${over ? ' photo-tile--over' : ''}`} data-testid="photo-tile">
      <div
        className="photo-tile__frame"
        draggable={!disabled}
        onDragStart={(event) => {
          event.dataTransfer.setData(PHOTO_DRAG_TYPE, photo.id);
          event.dataTransfer.effectAllowed = 'move';
        }}
        onDragOver={(event) => {
          if (!event.dataTransfer.types.includes(PHOTO_DRAG_TYPE)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'move';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          const id = event.dataTransfer.getData(PHOTO_DRAG_TYPE);
          setOver(false);
          if (!id) return;
          // A reorder, not files: the composer's file drop must not see it.
          event.preventDefault();
          event.stopPropagation();
          onDropPhoto(id);
        }}
      >
        <img ref={preview} alt={`Photo ${n} of ${count}: ${photo.file.name}`} className="photo-tile__img" />
        <span className="photo-tile__badge" aria-hidden="true">
          {n}
        </span>
        <div className="photo-tile__tools">
          <button
            type="button"
            id={`${photo.id}-earlier`}
            className="photo-tile__tool"
            aria-label={`Move photo ${n} earlier`}
            disabled={disabled || position === 0}
            onClick={() => onMove(-1)}
          >
            <ChevronLeftIcon size={16} />
          </button>
          <button
            type="button"
            id={`${photo.id}-later`}
            className="photo-tile__tool"
            aria-label={`Move photo ${n} later`}
            disabled={disabled || position === count - 1}
            onClick={() => onMove(1)}
          >
            <ChevronRightIcon size={16} />
          </button>
          <button
            type="button"
            className="photo-tile__tool photo-tile__tool--remove"
            aria-label={`Remove photo ${n}`}
            disabled={disabled}
            onClick={onRemove}
          >
            <CloseIcon size={16} />
          </button>
        </div>
      </div>
      <label className="visually-hidden" htmlFor={`${photo.id}-alt`}>
        Alt text for photo {n}
      </label>
      <input
        id={`${photo.id}-alt`}
        className="field__input photo-tile__alt"
        placeholder="Describe it (alt text)"
        maxLength={ALT_MAX}
        value={photo.alt}
        disabled={disabled}
        onChange={(event) => onAlt(event.target.value)}
      />
    </li>
  );
}
