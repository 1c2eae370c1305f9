import { bool, int, num, secret, str, url } from '../spec.js';

export const invoiceNinjaVars = {
  INVOICENINJA_URL: url({
    doc: 'Base URL of your InvoiceNinja v5 (its web server, e.g. http://invoiceninja:80). Empty: invoices are previewed, not sent.',
  }),
  INVOICENINJA_API_TOKEN: secret({
    doc: 'InvoiceNinja API token (Settings → Account Management → API Tokens), or INVOICENINJA_API_TOKEN_FILE.',
  }),
  CLIENT_BILLING_RATES_PATH: str({
    default: './config/client_billing_rates.json',
    doc: 'JSON billing rates per client (hourly_rate, mileage_rate, fixed_service_fee), with a "default" entry; reloaded on change.',
  }),
  INVOICE_MARK_SENT: bool({ default: false, doc: 'Create invoices as sent instead of draft.' }),
};

export const googleVars = {
  GOOGLE_CLIENT_ID: str({ doc: 'OAuth client id (Desktop app) for Google Calendar.' }),
  GOOGLE_CLIENT_SECRET: secret({ doc: 'OAuth client secret, or GOOGLE_CLIENT_SECRET_FILE.' }),
  GOOGLE_REFRESH_TOKEN: secret({
    doc: 'Refresh token from `assistant auth google`, or GOOGLE_REFRESH_TOKEN_FILE.',
  }),
  GOOGLE_CALENDAR_ID: str({ default: 'primary', doc: 'Calendar that receives service events.' }),
  GOOGLE_OAUTH_TOKEN_URL: url({
    default: 'https://oauth2.googleapis.com/token',
    doc: 'OAuth token endpoint.',
  }),
  GOOGLE_OAUTH_AUTH_URL: url({
    default: 'https://accounts.google.com/o/oauth2/v2/auth',
    doc: 'OAuth consent page used by `assistant auth google`.',
  }),
  GOOGLE_CALENDAR_API_URL: url({
    default: 'https://www.googleapis.com/calendar/v3',
    doc: 'Calendar API base URL.',
  }),
  SERVICE_DEFAULT_DURATION_HOURS: num({
    default: 1,
    min: 0.25,
    max: 24,
    doc: 'Event length when the email states no duration.',
  }),
};

export const webhookVars = {
  NOTIFICATION_WEBHOOK_URL: url({
    secret: true,
    doc: 'URL that receives a JSON POST per authorization outcome (processed, needs review, failed, amended, cancelled).',
  }),
  NOTIFICATION_WEBHOOK_SECRET: secret({
    doc: 'If set, webhooks are signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature).',
  }),
  NOTIFICATION_WEBHOOK_INCLUDE_PERSONAL_DATA: bool({
    default: false,
    doc: 'Send the full name of the person served and the service location in webhooks. Off by default: webhooks often go to chat rooms, so they carry only initials (e.g. "J. W.") and no location. Turn on only if the receiver is private to you.',
  }),
};

export const geocodingVars = {
  BASE_ADDRESS: str({
    doc: 'Where you travel from. When set, mileage is calculated for services whose email states none.',
  }),
  GEOCODING_API_URL: url({
    default: 'https://nominatim.openstreetmap.org',
    doc: 'Nominatim-compatible geocoder.',
  }),
  GEOCODING_USER_AGENT: str({
    default: 'authorization-assistant/0.1 (self-hosted)',
    doc: 'User-Agent sent to the geocoder (Nominatim requires one identifying you).',
  }),
  ROUTING_API_URL: url({
    doc: 'OSRM-compatible routing service for road distances; empty = great-circle × MILEAGE_ROAD_FACTOR.',
  }),
  MILEAGE_ROAD_FACTOR: num({
    default: 1.2,
    min: 1,
    max: 3,
    doc: 'Multiplier from straight-line to road distance when no routing service is set.',
  }),
  MILEAGE_ROUND_TRIP: bool({ default: true, doc: 'Calculated mileage counts the way back too.' }),
};

export const actionVars = {
  ACTION_MAX_ATTEMPTS: int({
    default: 8,
    min: 1,
    max: 100,
    doc: 'Attempts per external action before it is marked failed (retryable by hand).',
  }),
  DRY_RUN: bool({
    default: false,
    doc: 'Record the requests every integration would send, and send none.',
  }),
};
