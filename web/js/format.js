// Formatting of times, statuses and API shapes for display. Pure functions, no DOM.

/** Local date + time for an ISO timestamp; the input as-is when unreadable; '—' when empty. */
export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Compact: the time alone for today, else a short date and time. */
export function formatShortTime(iso, { seconds = false, now = new Date() } = {}) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const time = { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) };
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString(undefined, time);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', ...time });
}

/** "3 min ago" style, for the status bar. */
export function formatAgo(iso, now = Date.now()) {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return formatTime(iso);
}

const STATUS_KIND = {
  done: 'ok',
  succeeded: 'ok',
  authorization: 'ok',
  processed: 'ok',
  live: 'ok',
  queued: 'info',
  pending: 'info',
  running: 'info',
  in_progress: 'info',
  preview: 'info',
  dry_run: 'info',
  stored: 'info',
  needs_review: 'warn',
  skipped: 'muted',
  ignored: 'muted',
  duplicate: 'muted',
  rejected: 'muted',
  failed: 'bad',
  error: 'bad',
};

/** The badge colour for a status word. */
export function statusKind(status) {
  return STATUS_KIND[String(status ?? '').toLowerCase()] ?? 'muted';
}

/** "needs_review" → "needs review". */
export function humanize(word) {
  return String(word ?? '').replace(/[_.]/g, ' ');
}

/** A list response as an array, whatever its envelope ({items}, {data}, or a bare array). */
export function listItems(body) {
  if (Array.isArray(body)) return body;
  if (body && Array.isArray(body.items)) return body.items;
  if (body && Array.isArray(body.data)) return body.data;
  if (body && Array.isArray(body.logs)) return body.logs;
  return [];
}

/** The total of a paginated response, or the number of items when it has none. */
export function listTotal(body) {
  if (body && typeof body.total === 'number') return body.total;
  return listItems(body).length;
}
