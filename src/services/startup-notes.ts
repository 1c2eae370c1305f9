// The first things `serve` and `run --once` say: where mail comes from (and, for the folder,
// where to drop .eml files) and which integrations only preview what they would send.
import type { Config } from '../config/index.js';
import type { Logger } from '../core/logger.js';
import type { MailSource } from '../core/mail.js';
import { integrationModes } from './status.service.js';

const LABEL = {
  invoiceninja: 'InvoiceNinja (set INVOICENINJA_URL and INVOICENINJA_API_TOKEN)',
  google_calendar:
    'Google Calendar (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REFRESH_TOKEN)',
  webhook: 'webhook (set NOTIFICATION_WEBHOOK_URL)',
  geocoding: 'mileage calculation (set BASE_ADDRESS)',
} as const;

export function logStartupNotes(config: Config, source: MailSource, logger: Logger): void {
  const target = source.status().target;
  if (source.kind === 'folder') {
    logger.info(
      { event: 'service.source', source: 'folder', inbox: target },
      `reading mail from the folder ${target}: drop .eml files there (handled ones move to processed/ or failed/)`,
    );
  } else {
    logger.info({ event: 'service.source', source: 'imap', target }, `watching ${target}`);
  }
  if (config.DRY_RUN) {
    logger.warn(
      { event: 'service.dry_run' },
      'DRY_RUN=true: every integration records what it would send and sends nothing',
    );
    return;
  }
  const modes = integrationModes(config);
  const preview = (Object.keys(modes) as (keyof typeof modes)[]).filter(
    (k) => modes[k] === 'preview',
  );
  if (preview.length) {
    logger.info(
      { event: 'service.preview', integrations: preview },
      `not configured, so only previewed (requests recorded, nothing sent): ${preview.map((k) => LABEL[k]).join('; ')}`,
    );
  }
}
