// The one-time Google consent for `assistant auth google`: a loopback redirect server on
// 127.0.0.1 (random port), PKCE S256, offline access with forced consent (so Google returns a
// refresh token), then the code exchanged at GOOGLE_OAUTH_TOKEN_URL.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../core/errors.js';
import { sendRequest } from '../http/http-request.js';
import type { HttpTransport } from '../http/http-transport.js';
import { GOOGLE_TIMEOUT_MS, translateTokenError } from './google-token.js';

export const CALENDAR_EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events';

export interface LoopbackAuthOptions {
  authUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default: the shared keep-alive transport. */
  transport?: HttpTransport | undefined;
  /** Called with the consent URL the user must open. */
  onUrl(url: string): void;
  /** How long to wait for the browser (ms). */
  timeoutMs?: number;
}

export interface LoopbackAuthResult {
  refreshToken: string;
  scope: string;
}

const PAGE = (text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>assistant</title><p style="font:16px sans-serif">${text}</p>`;

export async function authorizeWithLoopback(
  opts: LoopbackAuthOptions,
): Promise<LoopbackAuthResult> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  let server: Server | null = null;
  try {
    const { code, redirectUri } = await new Promise<{ code: string; redirectUri: string }>(
      (resolve, reject) => {
        let redirectUri = '';
        const timer = setTimeout(
          () =>
            reject(
              new AppError('GOOGLE_ERR_AUTH', 'no answer from the browser in time', {
                retryable: false,
                hint: 'run the command again and open the URL it prints',
              }),
            ),
          opts.timeoutMs ?? 5 * 60_000,
        );
        server = createServer((req, res) => {
          const url = new URL(req.url ?? '/', redirectUri);
          const error = url.searchParams.get('error');
          const code = url.searchParams.get('code');
          if (!code && !error) {
            res.writeHead(404).end();
            return;
          }
          if (url.searchParams.get('state') !== state) {
            res
              .writeHead(400, { 'content-type': 'text/html' })
              .end(PAGE('State mismatch: start again.'));
            return;
          }
          clearTimeout(timer);
          if (error) {
            res
              .writeHead(400, { 'content-type': 'text/html' })
              .end(PAGE(`Google said: ${error}. You can close this window.`));
            reject(
              new AppError('GOOGLE_ERR_AUTH', `consent was not given (${error})`, {
                retryable: false,
              }),
            );
            return;
          }
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(PAGE('Done: the assistant has its Google token. You can close this window.'));
          resolve({ code: code!, redirectUri });
        });
        server.listen(0, '127.0.0.1', () => {
          const { port } = server!.address() as AddressInfo;
          redirectUri = `http://127.0.0.1:${port}/`;
          const auth = new URL(opts.authUrl);
          auth.search = new URLSearchParams({
            client_id: opts.clientId,
            redirect_uri: redirectUri,
            response_type: 'code',
            scope: CALENDAR_EVENTS_SCOPE,
            access_type: 'offline',
            prompt: 'consent',
            code_challenge: challenge,
            code_challenge_method: 'S256',
            state,
          }).toString();
          opts.onUrl(auth.toString());
        });
      },
    );
    const res = await sendRequest(
      {
        method: 'POST',
        url: opts.tokenUrl,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({
          code,
          client_id: opts.clientId,
          client_secret: opts.clientSecret,
          redirect_uri: redirectUri,
          grant_type: 'authorization_code',
          code_verifier: verifier,
        }).toString(),
      },
      { transport: opts.transport, vendor: 'GOOGLE', timeoutMs: GOOGLE_TIMEOUT_MS },
    );
    const json = (res.json ?? {}) as { refresh_token?: string; scope?: string };
    if (res.status !== 200) throw translateTokenError(res);
    if (!json.refresh_token) {
      throw new AppError('GOOGLE_ERR_AUTH', 'Google returned no refresh token', {
        retryable: false,
        hint: 'remove the app at https://myaccount.google.com/permissions and run `assistant auth google` again',
      });
    }
    return { refreshToken: json.refresh_token, scope: json.scope ?? '' };
  } finally {
    const s = server as Server | null;
    if (s) {
      s.closeAllConnections();
      s.close();
    }
  }
}

/** Sets KEY=value in an env file's text (replacing an existing line), keeping everything else. */
export function upsertEnvLine(text: string, key: string, value: string): string {
  const line = `${key}=${value}`;
  const re = new RegExp(`^\\s*${key}\\s*=.*$`, 'm');
  if (re.test(text)) return text.replace(re, line);
  return `${text}${text && !text.endsWith('\n') ? '\n' : ''}${line}\n`;
}
