// The one-line account `assistant run --once` prints: what happened to the emails finished and
// the actions that reached an end during this run.
import type { Store } from './store.js';

export interface RunSummary {
  emails: number;
  authorizations: number;
  needsReview: number;
  ignored: number;
  failed: number;
  actions: { done: number; skipped: number; failed: number };
  /** 0 when nothing failed, 1 otherwise (cron-friendly). */
  exitCode: 0 | 1;
  line: string;
}

export function summarizeRun(
  store: Store,
  since: string,
  syncError: string | null = null,
): RunSummary {
  const rows = store.db
    .prepare(`SELECT outcome, COUNT(*) AS n FROM messages WHERE finished_at >= ? GROUP BY outcome`)
    .all(since) as { outcome: string | null; n: number }[];
  const by = (o: string): number => rows.find((r) => r.outcome === o)?.n ?? 0;
  const emails = rows.reduce((s, r) => s + r.n, 0);
  const authorizations = by('authorization');
  const needsReview = by('needs_review');
  const ignored = by('ignored') + by('duplicate');
  const failed = by('failed');
  const actions = store.actions.finishedSince(since);
  const line =
    `processed ${emails} email${emails === 1 ? '' : 's'}: ${authorizations} authorization${authorizations === 1 ? '' : 's'}, ` +
    `${needsReview} need review, ${ignored} ignored, ${failed} failed; ` +
    `actions: ${actions.done} done, ${actions.skipped} skipped, ${actions.failed} failed` +
    (syncError ? `; mailbox sync failed: ${syncError}` : '');
  return {
    emails,
    authorizations,
    needsReview,
    ignored,
    failed,
    actions,
    exitCode: failed > 0 || actions.failed > 0 || syncError !== null ? 1 : 0,
    line,
  };
}
