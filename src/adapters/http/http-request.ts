// The one way adapters call HTTP: fetch with a timeout (and the caller's abort signal), network
// failures and timeouts turned into retryable AppErrors, and a redacted description of the
// request for the outbox (`request_json`) and for previews of unconfigured integrations.
import { AppError, type ErrorCode } from '../../core/errors.js';
import { parseRetryAfter } from '../../core/retry-policy.js';

export type Vendor = 'INVOICENINJA' | 'GOOGLE' | 'WEBHOOK' | 'GEOCODING';

export interface HttpRequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Already serialised (JSON or form). */
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

export interface SendOptions {
  fetch: typeof fetch;
  vendor: Vendor;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Default 'manual': a redirect is an answer to report, never followed silently. */
  redirect?: 'manual' | 'follow' | 'error';
}

const NETWORK_CODE: Record<Vendor, ErrorCode> = {
  INVOICENINJA: 'INVOICENINJA_ERR_NETWORK',
  GOOGLE: 'GOOGLE_ERR_NETWORK',
  WEBHOOK: 'WEBHOOK_ERR_NETWORK',
  GEOCODING: 'GEOCODING_ERR_NETWORK',
};

export async function sendRequest(spec: HttpRequestSpec, opts: SendOptions): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const host = safeHost(spec.url);
  let res: Response;
  let text: string;
  try {
    res = await opts.fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      redirect: opts.redirect ?? 'manual',
      signal,
    });
    text = await res.text();
  } catch (err) {
    const timedOut = timeout.aborted;
    const why = timedOut
      ? `no answer within ${Math.round(opts.timeoutMs / 1000)} s`
      : opts.signal?.aborted
        ? 'cancelled (shutting down)'
        : `connection failed (${describeCause(err)})`;
    throw new AppError(NETWORK_CODE[opts.vendor], `${spec.method} ${host}: ${why}`, {
      retryable: true,
      cause: err,
      hint: timedOut ? undefined : `check that ${host} is reachable from this machine`,
    });
  }
  let json: unknown;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function retryAfterMs(res: HttpResponse): number | undefined {
  return parseRetryAfter(res.headers.get('retry-after'), Date.now());
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

function describeCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

const SECRET_HEADERS = new Set(['x-api-token', 'authorization', 'webhook-signature']);

/** The request as stored and shown: secrets redacted, JSON bodies parsed, query secrets masked. */
export function describeRequest(
  spec: HttpRequestSpec,
  opts: { maskUrl?: boolean } = {},
): {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
} {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers)) {
    headers[k] = SECRET_HEADERS.has(k.toLowerCase()) ? '[redacted]' : v;
  }
  let body: unknown = spec.body;
  if (spec.body !== undefined) {
    try {
      body = JSON.parse(spec.body);
    } catch {
      body = redactForm(spec.body);
    }
  }
  return { method: spec.method, url: opts.maskUrl ? maskUrl(spec.url) : spec.url, headers, body };
}

function redactForm(body: string): string {
  const form = new URLSearchParams(body);
  for (const k of ['client_secret', 'refresh_token', 'code', 'code_verifier']) {
    if (form.has(k)) form.set(k, '[redacted]');
  }
  return form.toString();
}

/** A webhook URL may carry a token in its path or query (Slack, Matrix): keep only the origin. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}/[redacted]`;
  } catch {
    return '[redacted]';
  }
}
