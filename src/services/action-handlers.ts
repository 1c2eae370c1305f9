// Builds one ActionHandler per action type from the configuration. An integration that is not
// configured (or DRY_RUN=true) still gets a handler: it answers `skipped` with the exact
// request it would have sent. Handlers never retry themselves; the dispatcher does.
import {
  isGoogleConfigured,
  isInvoiceNinjaConfigured,
  isWebhookConfigured,
  type Config,
} from '../config/index.js';
import type { ActionHandler, ActionType } from '../core/actions.js';
import type { Logger } from '../core/logger.js';
import { CalendarApi } from '../adapters/google-calendar/calendar.api.js';
import {
  createEventHandler,
  deleteEventHandler,
  updateEventHandler,
} from '../adapters/google-calendar/event.handlers.js';
import { createTokenProvider } from '../adapters/google-calendar/google-token.js';
import { ensureClientHandler } from '../adapters/invoiceninja/client.handler.js';
import {
  cancelInvoiceHandler,
  createInvoiceHandler,
  updateInvoiceHandler,
} from '../adapters/invoiceninja/invoice.handlers.js';
import type { HttpTransport } from '../adapters/http/http-transport.js';
import { InvoiceNinjaApi } from '../adapters/invoiceninja/invoiceninja.api.js';
import type { Db } from '../adapters/sqlite/database.js';
import { createExternalRefRepository } from '../adapters/sqlite/external-ref.repository.js';
import { webhookHandler } from '../adapters/webhook/webhook.handler.js';

export interface ActionHandlersDeps {
  config: Config;
  db: Db;
  logger: Logger;
  /** Default: the shared keep-alive node:http transport. */
  transport?: HttpTransport;
}

const DRY_RUN_REASON = 'DRY_RUN=true: nothing is sent';

export function createActionHandlers(deps: ActionHandlersDeps): Map<ActionType, ActionHandler> {
  const { config } = deps;
  const transport = deps.transport;
  const refs = createExternalRefRepository(deps.db);
  const dry = config.DRY_RUN;

  const inConfigured = isInvoiceNinjaConfigured(config);
  const previewIn = new InvoiceNinjaApi({
    baseUrl: config.INVOICENINJA_URL || '<INVOICENINJA_URL>',
    token: config.INVOICENINJA_API_TOKEN,
    transport,
  });
  const inDeps = {
    api: inConfigured && !dry ? previewIn : null,
    previewApi: previewIn,
    skipReason: dry
      ? DRY_RUN_REASON
      : 'InvoiceNinja is not configured (set INVOICENINJA_URL and INVOICENINJA_API_TOKEN)',
    refs,
  };
  const inBase = config.INVOICENINJA_URL || '<INVOICENINJA_URL>';

  const gConfigured = isGoogleConfigured(config);
  const tokens = gConfigured
    ? createTokenProvider(
        {
          tokenUrl: config.GOOGLE_OAUTH_TOKEN_URL,
          clientId: config.GOOGLE_CLIENT_ID,
          clientSecret: config.GOOGLE_CLIENT_SECRET,
          refreshToken: config.GOOGLE_REFRESH_TOKEN,
        },
        transport,
      )
    : null;
  const calendar = new CalendarApi({
    baseUrl: config.GOOGLE_CALENDAR_API_URL,
    calendarId: config.GOOGLE_CALENDAR_ID,
    tokens,
    transport,
  });
  const calDeps = {
    api: gConfigured && !dry ? calendar : null,
    previewApi: calendar,
    skipReason: dry
      ? DRY_RUN_REASON
      : 'Google Calendar is not configured (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_REFRESH_TOKEN; see `assistant auth google`)',
    refs,
  };

  const hook = webhookHandler({
    url: config.NOTIFICATION_WEBHOOK_URL,
    secret: config.NOTIFICATION_WEBHOOK_SECRET,
    includePersonalData: config.NOTIFICATION_WEBHOOK_INCLUDE_PERSONAL_DATA,
    skipReason: dry
      ? DRY_RUN_REASON
      : isWebhookConfigured(config)
        ? null
        : 'no webhook configured (set NOTIFICATION_WEBHOOK_URL)',
    transport,
  });

  const handlers: ActionHandler[] = [
    ensureClientHandler(inDeps),
    createInvoiceHandler(inDeps, inBase),
    updateInvoiceHandler(inDeps, inBase),
    cancelInvoiceHandler(inDeps, inBase),
    createEventHandler(calDeps),
    updateEventHandler(calDeps),
    deleteEventHandler(calDeps),
    hook,
  ];
  return new Map(handlers.map((h) => [h.type, h]));
}
