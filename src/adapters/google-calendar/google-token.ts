// Google OAuth: the refresh-token grant against GOOGLE_OAUTH_TOKEN_URL, the access token cached
// until shortly before it expires. invalid_grant is permanent and says how to fix it.
import { AppError } from '../../core/errors.js';
import { retryAfterMs, sendRequest, type HttpResponse } from '../http/http-request.js';
import type { HttpTransport } from '../http/http-transport.js';

export const GOOGLE_TIMEOUT_MS = 20_000;

export const REAUTH_HINT =
  'run `assistant auth google` again and put the new GOOGLE_REFRESH_TOKEN in .env.assistant; ' +
  'if your OAuth consent screen is still in "Testing", Google expires refresh tokens after 7 days — publish the app (In production) to keep them';

export interface GoogleCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface TokenProvider {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /** Forget the cached token (after a 401). */
  invalidate(): void;
}

export function createTokenProvider(
  creds: GoogleCredentials,
  transport?: HttpTransport,
): TokenProvider {
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  const refresh = async (signal?: AbortSignal): Promise<string> => {
    const body = new URLSearchParams({
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      refresh_token: creds.refreshToken,
      grant_type: 'refresh_token',
    }).toString();
    const res = await sendRequest(
      {
        method: 'POST',
        url: creds.tokenUrl,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body,
      },
      { transport, vendor: 'GOOGLE', timeoutMs: GOOGLE_TIMEOUT_MS, signal },
    );
    const json = (res.json ?? {}) as { access_token?: string; expires_in?: number };
    if (res.status === 200 && json.access_token) {
      const ttl = Math.max(60, Number(json.expires_in ?? 3600));
      cached = { token: json.access_token, expiresAt: Date.now() + (ttl - 60) * 1000 };
      return json.access_token;
    }
    throw translateTokenError(res);
  };
  return {
    async getAccessToken(signal) {
      if (cached && cached.expiresAt > Date.now()) return cached.token;
      inflight ??= refresh(signal).finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate() {
      cached = null;
    },
  };
}

export function translateTokenError(res: HttpResponse): AppError {
  const body = (res.json ?? {}) as { error?: string; error_description?: string };
  const vendorMessage =
    [body.error, body.error_description].filter(Boolean).join(': ') || undefined;
  if (body.error === 'invalid_grant') {
    return new AppError(
      'GOOGLE_ERR_INVALID_GRANT',
      'Google refused the refresh token (invalid_grant): it was revoked or has expired. Run `assistant auth google` again; apps left in "Testing" lose refresh tokens after 7 days',
      { retryable: false, status: res.status, vendorMessage, hint: REAUTH_HINT },
    );
  }
  if (res.status >= 500 || res.status === 429) {
    return new AppError('GOOGLE_ERR_SERVER', `Google token endpoint answered ${res.status}`, {
      retryable: true,
      status: res.status,
      vendorMessage,
      retryAfterMs: retryAfterMs(res),
    });
  }
  return new AppError('GOOGLE_ERR_AUTH', `Google token endpoint answered ${res.status}`, {
    retryable: false,
    status: res.status,
    vendorMessage,
    hint: 'check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (an OAuth client of type "Desktop app")',
  });
}
