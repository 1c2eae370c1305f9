// Calendar v3 events over HTTP: bearer token from the TokenProvider (one retry after a
// 401 with a fresh token), Google's error envelope translated into AppErrors — rate-limit 403s
// and 429/5xx retryable, everything else permanent with Google's own message.
import { AppError, type ErrorCode } from '../../core/errors.js';
import {
  describeRequest,
  retryAfterMs,
  sendRequest,
  type HttpRequestSpec,
  type HttpResponse,
} from '../http/http-request.js';
import type { HttpTransport } from '../http/http-transport.js';
import { GOOGLE_TIMEOUT_MS, type TokenProvider } from './google-token.js';

export interface CalendarApiOptions {
  baseUrl: string;
  calendarId: string;
  tokens: TokenProvider | null;
  /** Default: the shared keep-alive transport. */
  transport?: HttpTransport | undefined;
}

export class CalendarApi {
  constructor(private readonly opts: CalendarApiOptions) {}

  build(
    method: string,
    eventId: string | null,
    query: Record<string, string>,
    body?: unknown,
    token = '[token]',
  ): HttpRequestSpec {
    const base = this.opts.baseUrl.replace(/\/+$/, '');
    const url = new URL(
      `${base}/calendars/${encodeURIComponent(this.opts.calendarId)}/events${eventId ? `/${encodeURIComponent(eventId)}` : ''}`,
    );
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return {
      method,
      url: url.toString(),
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
  }

  preview(
    method: string,
    eventId: string | null,
    query: Record<string, string>,
    body?: unknown,
  ): ReturnType<typeof describeRequest> {
    return describeRequest(this.build(method, eventId, query, body));
  }

  /** Sends; returns the parsed body (null for 204). Throws a translated AppError otherwise. */
  async call<T>(
    method: string,
    eventId: string | null,
    opts: { query?: Record<string, string>; body?: unknown; signal?: AbortSignal | undefined } = {},
  ): Promise<T | null> {
    const tokens = this.opts.tokens;
    if (!tokens)
      throw new AppError('GOOGLE_ERR_AUTH', 'Google Calendar is not configured', {
        retryable: false,
      });
    let res: HttpResponse | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await tokens.getAccessToken(opts.signal);
      res = await sendRequest(this.build(method, eventId, opts.query ?? {}, opts.body, token), {
        transport: this.opts.transport,
        vendor: 'GOOGLE',
        timeoutMs: GOOGLE_TIMEOUT_MS,
        signal: opts.signal,
      });
      if (res.status !== 401) break;
      tokens.invalidate(); // expired or revoked access token: refresh once
    }
    if (res!.status >= 200 && res!.status < 300) return (res!.json as T | undefined) ?? null;
    throw translateCalendarError(method, res!);
  }
}

export function googleReason(res: HttpResponse): {
  reason: string | undefined;
  message: string | undefined;
} {
  const err = (
    res.json as { error?: { message?: string; errors?: { reason?: string }[] } } | undefined
  )?.error;
  return { reason: err?.errors?.[0]?.reason, message: err?.message };
}

export function translateCalendarError(method: string, res: HttpResponse): AppError {
  const { reason, message } = googleReason(res);
  const s = res.status;
  const what = `Google Calendar ${method} answered ${s}${reason ? ` ${reason}` : ''}`;
  const base = { status: s, vendorMessage: message };
  const mk = (code: ErrorCode, retryable: boolean, hint?: string): AppError =>
    new AppError(code, what, {
      ...base,
      retryable,
      hint,
      retryAfterMs: retryable ? retryAfterMs(res) : undefined,
    });
  if (
    s === 429 ||
    (s === 403 && (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded'))
  )
    return mk('GOOGLE_ERR_RATE_LIMIT', true);
  if (s >= 500) return mk('GOOGLE_ERR_SERVER', true);
  if (s === 401) return mk('GOOGLE_ERR_AUTH', false, 'run `assistant auth google` again');
  if (s === 403)
    return mk(
      'GOOGLE_ERR_FORBIDDEN',
      false,
      reason === 'insufficientPermissions'
        ? 'the refresh token lacks the calendar.events scope: run `assistant auth google` again'
        : 'check GOOGLE_CALENDAR_ID and that this Google account may write to it',
    );
  if (s === 404 || s === 410) return mk('GOOGLE_ERR_NOT_FOUND', false, 'check GOOGLE_CALENDAR_ID');
  if (s === 409) return mk('GOOGLE_ERR_CONFLICT', false);
  return mk('GOOGLE_ERR_BAD_REQUEST', false);
}
