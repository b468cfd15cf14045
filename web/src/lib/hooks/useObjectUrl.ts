import { type RefObject, useEffect, useRef } from 'react';

/**
 * Shows a local file in an <img> through a blob: URL, revoked when the file
 * changes or the image goes (each URL pins the file's bytes in memory).
 */
export function useObjectUrlSrc(file: Blob): RefObject<HTMLImageElement | null> {
  const ref = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const img = ref.current;
    if (!img) return;
    const url = URL.createObjectURL(file);
    img.src = url;
    return () => {
      img.removeAttribute('src');
      URL.revokeObjectURL(url);
    };
  }, [file]);
  return ref;
}
