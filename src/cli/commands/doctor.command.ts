// `assistant doctor`: checks each configured part live — configuration, billing rates, IMAP
// login and mailbox (or the inbox folder), InvoiceNinja token, Google token refresh and
// calendar access, webhook reachability (a signed `ping`), geocoder/router — and prints ✓/✗
// with how to fix it, never a secret. Exit 1 when anything configured is broken.
import { accessSync, constants, existsSync } from 'node:fs';
import {
  isGoogleConfigured,
  isImapConfigured,
  isInvoiceNinjaConfigured,
  isWebhookConfigured,
  loadConfig,
  type Config,
} from '../../config/index.js';
import { toAppError } from '../../core/errors.js';
import {
  createImapClient,
  describeTarget,
  targetFromConfig,
} from '../../adapters/imap/imap-client.js';
import { toImapError } from '../../adapters/imap/imap-errors.js';
import { loadRatesFile } from '../../adapters/billing-rates/rates.loader.js';
import { InvoiceNinjaApi } from '../../adapters/invoiceninja/invoiceninja.api.js';
import { createTokenProvider } from '../../adapters/google-calendar/google-token.js';
import { CalendarApi } from '../../adapters/google-calendar/calendar.api.js';
import { postWebhook, webhookRequest } from '../../adapters/webhook/webhook.handler.js';
import { createGeocoder } from '../../adapters/geocoding/geocoder.js';
import { createMileageCalculator } from '../../adapters/geocoding/mileage.calculator.js';
import type { HttpTransport } from '../../adapters/http/http-transport.js';

export type CheckStatus = 'ok' | 'fail' | 'off';
export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

type Check = () => Promise<Omit<CheckResult, 'name'>>;

function failure(err: unknown): Omit<CheckResult, 'name'> {
  const e = toAppError(err);
  const vendor = e.vendorMessage ? ` — ${e.vendorMessage}` : '';
  return { status: 'fail', detail: `${e.message}${vendor}`, ...(e.hint ? { fix: e.hint } : {}) };
}

export function doctorChecks(config: Config, transport?: HttpTransport): [string, Check][] {
  return [
    [
      'Billing rates',
      async () => {
        const s = loadRatesFile(config.CLIENT_BILLING_RATES_PATH);
        if (s.table)
          return {
            status: 'ok',
            detail: `${s.table.entries.size} entries in ${config.CLIENT_BILLING_RATES_PATH}`,
          };
        // Without InvoiceNinja nothing is billed yet: a missing file is a to-do, not a fault.
        const missing = /does not exist/.test(s.problem ?? '');
        return {
          status: missing && !isInvoiceNinjaConfigured(config) ? 'off' : 'fail',
          detail: s.problem ?? 'unusable',
          fix: 'start from config/client_billing_rates.example.json (a "default" entry plus one per agency)',
        };
      },
    ],
    [
      'Mailbox',
      async () => {
        if (!isImapConfigured(config)) {
          if (!existsSync(config.INBOX_DIR))
            return { status: 'ok', detail: `folder mode: ${config.INBOX_DIR} will be created` };
          accessSync(config.INBOX_DIR, constants.R_OK | constants.W_OK);
          return {
            status: 'ok',
            detail: `folder mode: reading .eml files from ${config.INBOX_DIR}`,
          };
        }
        const target = targetFromConfig(config);
        const client = createImapClient(target);
        client.on('error', () => {});
        try {
          await client.connect();
          const box = await client.mailboxOpen(target.mailbox, { readOnly: true });
          return {
            status: 'ok',
            detail: `logged in to ${describeTarget(target)} (${box.exists} messages)`,
          };
        } catch (err) {
          return failure(toImapError(err, describeTarget(target)));
        } finally {
          await client.logout().catch(() => undefined);
        }
      },
    ],
    [
      'InvoiceNinja',
      async () => {
        if (!isInvoiceNinjaConfigured(config))
          return {
            status: 'off',
            detail: 'not configured: invoices are previewed, not sent',
            fix: 'set INVOICENINJA_URL and INVOICENINJA_API_TOKEN',
          };
        const api = new InvoiceNinjaApi({
          baseUrl: config.INVOICENINJA_URL,
          token: config.INVOICENINJA_API_TOKEN,
          transport,
          timeoutMs: 10_000,
        });
        try {
          await api.call('GET', 'clients', { query: { per_page: 1, status: 'active' } });
          return {
            status: 'ok',
            detail: `token accepted by ${new URL(config.INVOICENINJA_URL).host}`,
          };
        } catch (err) {
          return failure(err);
        }
      },
    ],
    [
      'Google Calendar',
      async () => {
        if (!isGoogleConfigured(config))
          return {
            status: 'off',
            detail: 'not configured: events are previewed, not created',
            fix: 'set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, then run `assistant auth google`',
          };
        const tokens = createTokenProvider(
          {
            tokenUrl: config.GOOGLE_OAUTH_TOKEN_URL,
            clientId: config.GOOGLE_CLIENT_ID,
            clientSecret: config.GOOGLE_CLIENT_SECRET,
            refreshToken: config.GOOGLE_REFRESH_TOKEN,
          },
          transport,
        );
        try {
          await tokens.getAccessToken();
          const api = new CalendarApi({
            baseUrl: config.GOOGLE_CALENDAR_API_URL,
            calendarId: config.GOOGLE_CALENDAR_ID,
            tokens,
            transport,
          });
          await api.call('GET', null, { query: { maxResults: '1' } });
          return {
            status: 'ok',
            detail: `token refreshed; calendar "${config.GOOGLE_CALENDAR_ID}" readable`,
          };
        } catch (err) {
          return failure(err);
        }
      },
    ],
    [
      'Webhook',
      async () => {
        if (!isWebhookConfigured(config))
          return {
            status: 'off',
            detail: 'not configured: no notifications are sent',
            fix: 'set NOTIFICATION_WEBHOOK_URL',
          };
        const id = `ping_${Date.now()}`;
        const body = JSON.stringify({
          id,
          type: 'ping',
          title: 'Test notification',
          message: 'assistant doctor: webhook reachable',
          text: 'assistant doctor: webhook reachable',
          success: true,
          timestamp: new Date().toISOString(),
          details: {},
        });
        try {
          const status = await postWebhook(
            webhookRequest(
              config.NOTIFICATION_WEBHOOK_URL,
              config.NOTIFICATION_WEBHOOK_SECRET,
              id,
              body,
            ),
            transport,
          );
          return {
            status: 'ok',
            detail: `signed ping answered ${status}${config.NOTIFICATION_WEBHOOK_SECRET ? ' (signed)' : ' (unsigned: set NOTIFICATION_WEBHOOK_SECRET to sign)'}`,
          };
        } catch (err) {
          return failure(err);
        }
      },
    ],
    [
      'Mileage',
      async () => {
        if (!config.BASE_ADDRESS)
          return { status: 'off', detail: 'BASE_ADDRESS not set: only stated mileage is billed' };
        const geocoder = createGeocoder({
          baseUrl: config.GEOCODING_API_URL,
          userAgent: config.GEOCODING_USER_AGENT,
          transport,
          cache: { get: () => undefined, put: () => {} },
        });
        try {
          const base = await geocoder.geocode(config.BASE_ADDRESS);
          if (!base)
            return {
              status: 'fail',
              detail: 'the geocoder does not know BASE_ADDRESS',
              fix: 'write BASE_ADDRESS as a full street address with city and state',
            };
          if (config.ROUTING_API_URL) {
            const calc = createMileageCalculator({
              baseAddress: config.BASE_ADDRESS,
              routingUrl: config.ROUTING_API_URL,
              roadFactor: config.MILEAGE_ROAD_FACTOR,
              roundTrip: false,
              userAgent: config.GEOCODING_USER_AGENT,
              geocoder,
              transport,
            });
            await calc.calculate(config.BASE_ADDRESS);
          }
          return {
            status: 'ok',
            detail: `BASE_ADDRESS found${config.ROUTING_API_URL ? '; routing service answers' : ''}`,
          };
        } catch (err) {
          return failure(err);
        }
      },
    ],
  ];
}

export async function runDoctor(
  config: Config,
  out: (s: string) => void,
  transport?: HttpTransport,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, check] of doctorChecks(config, transport)) {
    let r: Omit<CheckResult, 'name'>;
    try {
      r = await check();
    } catch (err) {
      r = failure(err);
    }
    const mark = r.status === 'ok' ? '✓' : r.status === 'fail' ? '✗' : '–';
    out(`${mark} ${name}: ${r.detail}\n${r.fix && r.status !== 'ok' ? `    fix: ${r.fix}\n` : ''}`);
    results.push({ name, ...r });
  }
  return results;
}

/** Declared in index.ts; this module (every vendor API) is loaded only when `doctor` runs. */
export async function doctorAction(): Promise<void> {
  const config = loadConfig();
  process.stdout.write('✓ Configuration: valid\n');
  const results = await runDoctor(config, (s) => process.stdout.write(s));
  const broken = results.filter((r) => r.status === 'fail');
  if (broken.length) {
    process.stdout.write(`\n${broken.length} problem${broken.length === 1 ? '' : 's'} found.\n`);
    process.exitCode = 1;
  } else process.stdout.write('\nAll configured parts work.\n');
}
