// Builds the ServiceStatus report: queue depths, today's counts (in the configured time zone),
// the mode of each integration and the outcome of its most recent call.
import type { Config } from '../config/index.js';
import {
  isGoogleConfigured,
  isInvoiceNinjaConfigured,
  isWebhookConfigured,
} from '../config/index.js';
import type { IntegrationMode, IntegrationStatus, ServiceStatus } from '../core/control.js';
import type { MailSource } from '../core/mail.js';
import { todayIn, zonedToUtcMs } from '../core/planning/zoned-time.js';
import type { Store } from './store.js';

export interface StatusDeps {
  config: Config;
  store: Store;
  source: MailSource;
  version: string;
  startedAt: string;
  monitoring: () => boolean;
}

type Name = IntegrationStatus['name'];

export function integrationModes(config: Config): Record<Name, IntegrationMode> {
  const mode = (configured: boolean): IntegrationMode =>
    config.DRY_RUN ? 'dry_run' : configured ? 'live' : 'preview';
  return {
    invoiceninja: mode(isInvoiceNinjaConfigured(config)),
    google_calendar: mode(isGoogleConfigured(config)),
    webhook: mode(isWebhookConfigured(config)),
    geocoding: mode(config.BASE_ADDRESS !== ''),
  };
}

const TYPE_PREFIX: Record<Name, string | null> = {
  invoiceninja: 'invoiceninja.',
  google_calendar: 'calendar.',
  webhook: 'webhook.',
  geocoding: null,
};

export function buildStatus(deps: StatusDeps): ServiceStatus {
  const { store, source } = deps;
  const db = store.db;
  const count = (sql: string, ...args: unknown[]): number =>
    (db.prepare(sql).get(...args) as { n: number }).n;
  const since = startOfDayIso(deps.config.TIMEZONE, new Date());
  const sourceStatus = source.status();
  const modes = integrationModes(deps.config);
  const integrations = (Object.keys(modes) as Name[]).map((name): IntegrationStatus => {
    const prefix = TYPE_PREFIX[name];
    const last = prefix
      ? (db
          .prepare(
            `SELECT status, last_error, finished_at FROM actions WHERE type LIKE ? AND status IN ('done', 'failed')
             ORDER BY finished_at DESC LIMIT 1`,
          )
          .get(`${prefix}%`) as
          { status: string; last_error: string | null; finished_at: string } | undefined)
      : undefined;
    return {
      name,
      mode: modes[name],
      lastOk: last ? last.status === 'done' : null,
      lastError: last?.last_error ?? null,
      lastCallAt: last?.finished_at ?? null,
    };
  });
  return {
    version: deps.version,
    startedAt: deps.startedAt,
    monitoring: deps.monitoring(),
    source: sourceStatus,
    lastSuccessfulSyncAt: sourceStatus.lastSuccessfulSyncAt,
    queue: {
      pendingEmails: store.messages.countUnfinished(),
      pendingActions: store.actions.countOpen(),
      needsReview: store.authorizations.countByStatus('needs_review'),
      failedAuthorizations: store.authorizations.countByStatus('failed'),
    },
    integrations,
    today: {
      emailsReceived: count(`SELECT COUNT(*) AS n FROM messages WHERE created_at >= ?`, since),
      authorizations: count(
        `SELECT COUNT(*) AS n FROM authorizations WHERE created_at >= ?`,
        since,
      ),
      ignored: count(
        `SELECT COUNT(*) AS n FROM messages WHERE finished_at >= ? AND outcome = 'ignored'`,
        since,
      ),
      failed: count(
        `SELECT COUNT(*) AS n FROM messages WHERE finished_at >= ? AND outcome = 'failed'`,
        since,
      ),
    },
  };
}

/** Midnight of `now`'s calendar day in `timeZone`, as a UTC ISO string. */
export function startOfDayIso(timeZone: string, now: Date): string {
  return new Date(zonedToUtcMs(todayIn(timeZone, now.getTime()), '00:00', timeZone)).toISOString();
}
