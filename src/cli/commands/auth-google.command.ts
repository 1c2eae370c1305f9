// `assistant auth google`: the one-time consent that yields GOOGLE_REFRESH_TOKEN (replaces the
// seed's Python helper). Prints the URL to open, waits on a loopback redirect, prints the
// refresh token and writes it into .env.assistant with --write (or after a yes at a TTY prompt).
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ConfigError, ENV_FILE_NAME, loadConfig, type Config } from '../../config/index.js';
import { AppError } from '../../core/errors.js';
import {
  authorizeWithLoopback,
  upsertEnvLine,
} from '../../adapters/google-calendar/oauth-loopback.js';
import type { HttpTransport } from '../../adapters/http/http-transport.js';

export interface AuthGoogleOptions {
  write?: boolean;
  timeout?: string;
}

export async function runAuthGoogle(
  opts: AuthGoogleOptions,
  io: {
    cwd: string;
    out: (s: string) => void;
    transport?: HttpTransport;
    env?: Record<string, string | undefined>;
  },
): Promise<string> {
  // The refresh token is what we are about to get: do not let its absence fail the config check.
  const missing = new AppError(
    'CONFIG_ERR_INVALID',
    'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set first',
    {
      retryable: false,
      hint: 'create an OAuth client of type "Desktop app" in Google Cloud Console → APIs & Services → Credentials, enable the Google Calendar API, and put both values in .env.assistant',
    },
  );
  let config: Config;
  try {
    config = loadConfig({
      cwd: io.cwd,
      ...(io.env ? { env: io.env } : {}),
      overrides: { GOOGLE_REFRESH_TOKEN: 'pending' },
    });
  } catch (err) {
    if (err instanceof ConfigError && err.problems.every((p) => p.includes('GOOGLE_')))
      throw missing;
    throw err;
  }
  if (!config.GOOGLE_CLIENT_ID || !config.GOOGLE_CLIENT_SECRET) throw missing;
  const result = await authorizeWithLoopback({
    authUrl: config.GOOGLE_OAUTH_AUTH_URL,
    tokenUrl: config.GOOGLE_OAUTH_TOKEN_URL,
    clientId: config.GOOGLE_CLIENT_ID,
    clientSecret: config.GOOGLE_CLIENT_SECRET,
    ...(io.transport ? { transport: io.transport } : {}),
    timeoutMs: Number(opts.timeout ?? 300) * 1000,
    onUrl: (url) =>
      io.out(
        `Open this URL in your browser and allow access to Google Calendar:\n\n  ${url}\n\nWaiting for Google to redirect back to this machine…\n`,
      ),
  });
  io.out(`\nGOOGLE_REFRESH_TOKEN=${result.refreshToken}\n`);
  let write = opts.write === true;
  if (!write && process.stdin.isTTY && process.stdout.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Write it into ${ENV_FILE_NAME}? [y/N] `);
    rl.close();
    write = /^y(es)?$/i.test(answer.trim());
  }
  const path = resolve(io.cwd, ENV_FILE_NAME);
  if (write) {
    const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
    writeFileSync(path, upsertEnvLine(before, 'GOOGLE_REFRESH_TOKEN', result.refreshToken), {
      mode: 0o600,
    });
    chmodSync(path, 0o600);
    io.out(`Saved to ${path}. Keep this file private.\n`);
  } else {
    io.out(`Put that line in ${path} (or run again with --write).\n`);
  }
  io.out(
    'If your OAuth consent screen is left in "Testing", Google expires this token after 7 days: publish the app to keep it.\n',
  );
  return result.refreshToken;
}

/** Declared in index.ts; this module is loaded only when `auth google` runs. */
export async function authGoogleAction(opts: AuthGoogleOptions): Promise<void> {
  await runAuthGoogle(opts, { cwd: process.cwd(), out: (s) => process.stdout.write(s) });
}
