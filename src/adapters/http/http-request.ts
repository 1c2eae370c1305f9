// The one way adapters call HTTP: a transport (keep-alive node:http by default) with a timeout
// and the caller's abort signal, network failures and timeouts turned into retryable AppErrors,
// and a redacted description of the request for the outbox (`request_json`) and for previews.
import { AppError, type ErrorCode } from '../../core/errors.js';
import { parseRetryAfter } from '../../core/retry-policy.js';
import {
  TransportError,
  type HttpTransport,
  type RedirectMode,
  type ResponseHeaders,
} from './http-transport.js';
import { defaultTransport } from './node-transport.js';

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
  headers: ResponseHeaders;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

export interface SendOptions {
  /** Default: the shared keep-alive node:http transport. */
  transport?: HttpTransport | undefined;
  vendor: Vendor;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Default 'manual': a redirect is an answer to report, never followed silently. */
  redirect?: RedirectMode;
}

const NETWORK_CODE: Record<Vendor, ErrorCode> = {
  INVOICENINJA: 'INVOICENINJA_ERR_NETWORK',
  GOOGLE: 'GOOGLE_ERR_NETWORK',
  WEBHOOK: 'WEBHOOK_ERR_NETWORK',
  GEOCODING: 'GEOCODING_ERR_NETWORK',
};

export async function sendRequest(spec: HttpRequestSpec, opts: SendOptions): Promise<HttpResponse> {
  let res;
  try {
    res = await (opts.transport ?? defaultTransport()).send({
      method: spec.method,
      url: spec.url,
      headers: spec.headers,
      body: spec.body,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      redirect: opts.redirect ?? 'manual',
    });
  } catch (err) {
    throw networkError(spec, opts, err);
  }
  let json: unknown;
  const text = res.text;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

function networkError(spec: HttpRequestSpec, opts: SendOptions, err: unknown): AppError {
  const host = safeHost(spec.url);
  const kind = err instanceof TransportError ? err.kind : 'network';
  if (kind === 'too-large') {
    // Not retryable: the same URL will send the same oversized answer.
    return new AppError(
      NETWORK_CODE[opts.vendor],
      `${spec.method} ${host}: answer larger than ${formatBytes((err as TransportError).limit)}, not read`,
      {
        retryable: false,
        cause: err,
        hint: `check that the configured URL for ${host} points at its API`,
      },
    );
  }
  const timedOut = kind === 'timeout';
  const why = timedOut
    ? `no answer within ${Math.round(((err as TransportError).limit || opts.timeoutMs) / 1000)} s`
    : kind === 'cancelled' || opts.signal?.aborted
      ? 'cancelled (shutting down)'
      : `connection failed (${err instanceof TransportError ? err.detail : describeCause(err)})`;
  return new AppError(NETWORK_CODE[opts.vendor], `${spec.method} ${host}: ${why}`, {
    retryable: true,
    cause: err,
    hint: timedOut ? undefined : `check that ${host} is reachable from this machine`,
  });
}

export function retryAfterMs(res: HttpResponse): number | undefined {
  return parseRetryAfter(res.headers.get('retry-after'), Date.now());
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** For errors from an injected transport: a system code, else fetch's cause, else the message. */
function describeCause(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: string; message?: string } } | null;
  if (typeof e?.code === 'string') return e.code;
  const cause = e?.cause;
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
