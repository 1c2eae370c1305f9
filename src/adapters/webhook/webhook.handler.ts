// webhook.notify: one signed JSON POST per authorization outcome. The event id is stable, so a
// receiver deduplicating on webhook-id sees one delivery however often we retry. 10 s timeout;
// redirects are not followed (a 3xx is a failure: the URL should be the final address).
import type { ActionHandler } from '../../core/actions.js';
import { AppError } from '../../core/errors.js';
import type { WebhookPayload } from '../../core/planning/payloads.js';
import {
  describeRequest,
  retryAfterMs,
  sendRequest,
  type HttpRequestSpec,
} from '../http/http-request.js';
import type { HttpTransport } from '../http/http-transport.js';
import { buildWebhookMessage } from './webhook-message.js';
import { signWebhook } from './webhook-signature.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookDeps {
  url: string;
  secret: string;
  /** Non-empty: do not send (not configured / DRY_RUN). */
  skipReason: string | null;
  /** Default: the shared keep-alive transport. */
  transport?: HttpTransport | undefined;
  /** NOTIFICATION_WEBHOOK_INCLUDE_PERSONAL_DATA: full name and location instead of initials. */
  includePersonalData?: boolean;
}

export function webhookRequest(
  url: string,
  secret: string,
  id: string,
  body: string,
  nowMs = Date.now(),
): HttpRequestSpec {
  return {
    method: 'POST',
    url: url || '<NOTIFICATION_WEBHOOK_URL>',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'authorization-assistant/0.1',
      ...(secret ? signWebhook(secret, id, Math.floor(nowMs / 1000), body) : {}),
    },
    body,
  };
}

/** Sends one webhook; throws WEBHOOK_ERR_* AppErrors (5xx/408/429/network retryable). */
export async function postWebhook(
  spec: HttpRequestSpec,
  transport: HttpTransport | undefined,
  signal?: AbortSignal,
): Promise<number> {
  const res = await sendRequest(spec, {
    transport,
    vendor: 'WEBHOOK',
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    signal,
    redirect: 'manual',
  });
  if (res.status >= 200 && res.status < 300) return res.status;
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  throw new AppError('WEBHOOK_ERR_HTTP', `webhook receiver answered ${res.status}`, {
    retryable,
    status: res.status,
    retryAfterMs: retryable ? retryAfterMs(res) : undefined,
    vendorMessage: res.text.slice(0, 200) || undefined,
    hint:
      res.status >= 300 && res.status < 400
        ? 'redirects are not followed: set NOTIFICATION_WEBHOOK_URL to the final address'
        : undefined,
  });
}

export function webhookHandler(deps: WebhookDeps): ActionHandler {
  return {
    type: 'webhook.notify',
    async run(ctx) {
      const p = ctx.action.payload as unknown as WebhookPayload;
      const message = buildWebhookMessage(p, ctx.dependencies, {
        includePersonalData: deps.includePersonalData === true,
      });
      const body = JSON.stringify(message);
      const spec = webhookRequest(deps.url, deps.secret, p.eventId, body);
      const request = describeRequest(spec, { maskUrl: deps.url !== '' });
      if (deps.skipReason) return { status: 'skipped', reason: deps.skipReason, request };
      const status = await postWebhook(spec, deps.transport, ctx.signal);
      return {
        status: 'done',
        result: { webhookId: p.eventId, type: message.type, httpStatus: status },
        request,
      };
    },
  };
}
