// `assistant auth google` end to end against the fake Google authorization server: the test
// plays the browser (opens the printed URL, follows the redirect to the loopback server) and
// checks the refresh token is printed, written to .env.assistant, and accepted by the token
// endpoint.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAuthGoogle } from '../../src/cli/commands/auth-google.command.js';
import { startFakes, type Fakes } from '../support/fakes/index.js';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(async () => {
  await fakes.stop();
});

async function playBrowser(output: () => string): Promise<number> {
  let url: string | undefined;
  for (let i = 0; i < 200 && !url; i++) {
    url = /https?:\/\/\S+\/auth\?\S+/.exec(output())?.[0];
    if (!url) await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(url, 'the command printed the consent URL');
  const consent = await fetch(url, { redirect: 'manual' });
  assert.equal(consent.status, 302);
  const back = consent.headers.get('location')!;
  assert.match(back, /^http:\/\/127\.0\.0\.1:\d+\/\?code=/);
  const res = await fetch(back);
  await res.text();
  return res.status;
}

void describe('assistant auth google', () => {
  void it('gets a refresh token with PKCE over a loopback redirect and writes it to .env.assistant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-google-'));
    try {
      writeFileSync(
        join(dir, '.env.assistant'),
        'LOG_LEVEL=INFO\nGOOGLE_REFRESH_TOKEN=old-token\n',
      );
      let out = '';
      const env = {
        GOOGLE_CLIENT_ID: fakes.google.clientId,
        GOOGLE_CLIENT_SECRET: fakes.google.clientSecret,
        GOOGLE_OAUTH_AUTH_URL: fakes.env.GOOGLE_OAUTH_AUTH_URL,
        GOOGLE_OAUTH_TOKEN_URL: fakes.env.GOOGLE_OAUTH_TOKEN_URL,
      };
      const run = runAuthGoogle(
        { write: true, timeout: '60' },
        { cwd: dir, env, out: (s) => (out += s) },
      );
      const status = await playBrowser(() => out);
      const token = await run;
      assert.equal(status, 200);
      assert.ok(fakes.google.refreshTokens.has(token), 'the fake issued this refresh token');
      assert.match(out, new RegExp(`GOOGLE_REFRESH_TOKEN=${token.replace(/[/]/g, '\\/')}`));
      assert.match(out, /7 days/);
      const file = readFileSync(join(dir, '.env.assistant'), 'utf8');
      assert.equal(file, `LOG_LEVEL=INFO\nGOOGLE_REFRESH_TOKEN=${token}\n`);
      assert.equal(statSync(join(dir, '.env.assistant')).mode & 0o777, 0o600);
      const url = { searchParams: fakes.google.requests.find((r) => r.path === '/auth')!.query };
      assert.equal(url.searchParams.get('access_type'), 'offline');
      assert.equal(url.searchParams.get('prompt'), 'consent');
      assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
      assert.equal(
        url.searchParams.get('scope'),
        'https://www.googleapis.com/auth/calendar.events',
      );
      // The new token works for the refresh grant.
      const refreshed = await fetch(fakes.env.GOOGLE_OAUTH_TOKEN_URL!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: env.GOOGLE_CLIENT_ID,
          client_secret: env.GOOGLE_CLIENT_SECRET,
          refresh_token: token,
          grant_type: 'refresh_token',
        }),
      });
      assert.equal(refreshed.status, 200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('without client credentials it says how to create them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-google-'));
    try {
      await assert.rejects(
        runAuthGoogle({}, { cwd: dir, env: {}, out: () => {} }),
        (err: Error & { hint?: string }) =>
          /GOOGLE_CLIENT_ID/.test(err.message) && /Desktop app/.test(err.hint ?? ''),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
