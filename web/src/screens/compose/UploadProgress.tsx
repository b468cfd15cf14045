/** The upload's real progress (bytes sent, from XMLHttpRequest), then "Processing" while the server works. */
export function UploadProgress({ fraction }: { fraction: number }) {
  const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  const done = percent >= 100;
  return (
    <div className="upload-progress">
      <div
        className="upload-progress__track"
        role="progressbar"
        aria-label="Uploading photos"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={done ? 'Uploaded, processing' : `${percent}% uploaded`}
      >
        {/* The width is a style property, which the CSP allows (no style attribute in the HTML). */}
        <div className="upload-progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="muted small upload-progress__label" aria-hidden="true">
        {done ? 'Processing your photos…' : `Uploading… ${percent}%`}
      </p>
    </div>
  );
}
