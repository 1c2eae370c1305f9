// Starts every vendor fake on loopback and returns them with the configuration variables that
// point the product at them. Each fake records its state and accepts injected faults
// (see fake-server.ts: failNext(n, kind, match?) / failWithProbability(p, kinds)).
import { GeocoderFake, RoutingFake } from './geo.fake.js';
import { GoogleFake } from './google.fake.js';
import { InvoiceNinjaFake } from './invoiceninja.fake.js';
import { WebhookFake } from './webhook.fake.js';

export { FakeServer, type FaultKind, type FakeRequest, type Matcher } from './fake-server.js';
export { InvoiceNinjaFake, type FakeClient, type FakeInvoice } from './invoiceninja.fake.js';
export { GoogleFake, type FakeEvent } from './google.fake.js';
export { GeocoderFake, RoutingFake, haversineMeters, type Place } from './geo.fake.js';
export { WebhookFake, type Delivery } from './webhook.fake.js';

export interface Fakes {
  invoiceNinja: InvoiceNinjaFake;
  google: GoogleFake;
  geocoder: GeocoderFake;
  routing: RoutingFake;
  webhook: WebhookFake;
  /** Config variables pointing the product at the fakes (pass as loadConfig overrides). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface StartFakesOptions {
  /** Sign webhooks with this secret (default: a whsec_ secret). '' = unsigned. */
  webhookSecret?: string;
  /** Include ROUTING_API_URL in env (default true). */
  routing?: boolean;
  /** Include BASE_ADDRESS (default: none). */
  baseAddress?: string;
}

export const TEST_WEBHOOK_SECRET =
  'whsec_' + Buffer.from('test-webhook-secret-32-bytes!!!!').toString('base64');

export async function startFakes(opts: StartFakesOptions = {}): Promise<Fakes> {
  const invoiceNinja = new InvoiceNinjaFake();
  const google = new GoogleFake();
  const geocoder = new GeocoderFake();
  const routing = new RoutingFake();
  const webhook = new WebhookFake();
  await Promise.all([invoiceNinja, google, geocoder, routing, webhook].map((f) => f.start()));
  const env: Record<string, string> = {
    INVOICENINJA_URL: invoiceNinja.baseUrl,
    INVOICENINJA_API_TOKEN: invoiceNinja.token,
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    GOOGLE_REFRESH_TOKEN: google.refreshToken,
    GOOGLE_OAUTH_TOKEN_URL: `${google.baseUrl}/token`,
    GOOGLE_OAUTH_AUTH_URL: `${google.baseUrl}/auth`,
    GOOGLE_CALENDAR_API_URL: `${google.baseUrl}/calendar/v3`,
    NOTIFICATION_WEBHOOK_URL: `${webhook.baseUrl}/hook`,
    NOTIFICATION_WEBHOOK_SECRET: opts.webhookSecret ?? TEST_WEBHOOK_SECRET,
    GEOCODING_API_URL: geocoder.baseUrl,
  };
  if (opts.routing ?? true) env.ROUTING_API_URL = routing.baseUrl;
  if (opts.baseAddress) env.BASE_ADDRESS = opts.baseAddress;
  return {
    invoiceNinja,
    google,
    geocoder,
    routing,
    webhook,
    env,
    async stop() {
      await Promise.all([invoiceNinja, google, geocoder, routing, webhook].map((f) => f.stop()));
    },
  };
}
