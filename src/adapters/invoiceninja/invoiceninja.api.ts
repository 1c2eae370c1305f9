// InvoiceNinja v5 over HTTP: the headers it insists on, the {data} envelope, and its answers
// translated into AppErrors (403 token, 302 = missing AJAX headers, 422 validation, 429, 5xx,
// an HTML page = not the web server). Knows nothing about authorizations.
import { AppError } from '../../core/errors.js';
import {
  describeRequest,
  retryAfterMs,
  sendRequest,
  type HttpRequestSpec,
  type HttpResponse,
} from '../http/http-request.js';
import type { HttpTransport } from '../http/http-transport.js';

export const INVOICENINJA_TIMEOUT_MS = 20_000;

export interface InvoiceNinjaApiOptions {
  baseUrl: string;
  token: string;
  /** Default: the shared keep-alive transport. */
  transport?: HttpTransport | undefined;
  timeoutMs?: number;
}

export interface InQuery {
  [k: string]: string | number | undefined;
}

export class InvoiceNinjaApi {
  constructor(private readonly opts: InvoiceNinjaApiOptions) {}

  /** The request as it would be sent (token included; describeRequest redacts it). */
  build(method: string, path: string, query?: InQuery, body?: unknown): HttpRequestSpec {
    // Built as text: in a preview the base is a placeholder, not a URL.
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined) qs.set(k, String(v));
    }
    const q = qs.toString();
    const url = `${this.opts.baseUrl.replace(/\/+$/, '')}/api/v1/${path}${q ? `?${q}` : ''}`;
    return {
      method,
      url,
      headers: {
        'X-API-TOKEN': this.opts.token,
        'X-Requested-With': 'XMLHttpRequest',
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
  }

  preview(
    method: string,
    path: string,
    query?: InQuery,
    body?: unknown,
  ): ReturnType<typeof describeRequest> {
    return describeRequest(this.build(method, path, query, body));
  }

  /** Sends and unwraps `{data}`; throws an AppError for anything but 2xx JSON. */
  async call<T>(
    method: string,
    path: string,
    opts: { query?: InQuery; body?: unknown; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const spec = this.build(method, path, opts.query, opts.body);
    const res = await sendRequest(spec, {
      transport: this.opts.transport,
      vendor: 'INVOICENINJA',
      timeoutMs: this.opts.timeoutMs ?? INVOICENINJA_TIMEOUT_MS,
      signal: opts.signal,
    });
    if (res.status >= 200 && res.status < 300) {
      const data = (res.json as { data?: unknown } | undefined)?.data;
      if (data === undefined) {
        throw new AppError(
          'INVOICENINJA_ERR_PROTOCOL',
          `${method} ${path}: the answer is not InvoiceNinja JSON`,
          {
            retryable: false,
            status: res.status,
            hint: 'INVOICENINJA_URL must be the InvoiceNinja web server (e.g. http://invoiceninja:80), not PHP-FPM on port 9000',
          },
        );
      }
      return data as T;
    }
    throw translateInvoiceNinjaError(method, path, res);
  }
}

function vendorMessage(res: HttpResponse): string | undefined {
  const body = res.json as { message?: unknown; errors?: Record<string, unknown> } | undefined;
  if (!body || typeof body !== 'object') return undefined;
  const parts: string[] = [];
  if (typeof body.message === 'string') parts.push(body.message);
  for (const [field, msgs] of Object.entries(body.errors ?? {})) {
    parts.push(`${field}: ${Array.isArray(msgs) ? msgs.join(' ') : String(msgs)}`);
  }
  return parts.join(' — ') || undefined;
}

export function translateInvoiceNinjaError(
  method: string,
  path: string,
  res: HttpResponse,
): AppError {
  const what = `InvoiceNinja ${method} ${path.split('?')[0]} answered ${res.status}`;
  const common = { status: res.status, vendorMessage: vendorMessage(res) };
  const s = res.status;
  if (s === 401 || s === 403)
    return new AppError('INVOICENINJA_ERR_AUTH', what, {
      ...common,
      retryable: false,
      hint: 'check INVOICENINJA_API_TOKEN (Settings → Account Management → API Tokens)',
    });
  if (s >= 300 && s < 400)
    return new AppError('INVOICENINJA_ERR_PROTOCOL', `${what} (a redirect)`, {
      ...common,
      retryable: false,
      hint: 'InvoiceNinja redirects requests that fail validation without the AJAX headers, or INVOICENINJA_URL points at a page that redirects (use the exact base URL)',
    });
  if (s === 422)
    return new AppError('INVOICENINJA_ERR_VALIDATION', what, { ...common, retryable: false });
  if (s === 404 || (s === 400 && /invalid id|not found/i.test(common.vendorMessage ?? '')))
    return new AppError('INVOICENINJA_ERR_NOT_FOUND', what, { ...common, retryable: false });
  if (s === 429)
    return new AppError('INVOICENINJA_ERR_RATE_LIMIT', what, {
      ...common,
      retryable: true,
      retryAfterMs: retryAfterMs(res),
    });
  if (s >= 500 || s === 408)
    return new AppError('INVOICENINJA_ERR_SERVER', what, {
      ...common,
      retryable: true,
      retryAfterMs: retryAfterMs(res),
    });
  return new AppError('INVOICENINJA_ERR_VALIDATION', what, { ...common, retryable: false });
}

export function isNumberTaken(err: unknown): boolean {
  return (
    err instanceof AppError &&
    err.code === 'INVOICENINJA_ERR_VALIDATION' &&
    /number: .*taken/i.test(err.vendorMessage ?? '')
  );
}

export function isDuplicateBulk(err: unknown): boolean {
  return (
    err instanceof AppError &&
    err.status === 400 &&
    /duplicate request/i.test(err.vendorMessage ?? '')
  );
}
