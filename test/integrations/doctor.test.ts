// `assistant doctor` against the fakes: ✓ for what works, ✗ with a fix for what does not,
// never a secret in the output.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { runDoctor } from '../../src/cli/commands/doctor.command.js';
import { startFakes, type Fakes } from '../support/fakes/index.js';

let fakes: Fakes;
let dir: string;
before(async () => {
  fakes = await startFakes({ baseAddress: '100 Main St, Springfield' });
  fakes.geocoder.addPlace('100 Main St, Springfield', { lat: 39.8, lon: -89.65 });
  dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  writeFileSync(join(dir, 'rates.json'), JSON.stringify({ default: { hourly_rate: 40 } }));
});
after(async () => {
  await fakes.stop();
  rmSync(dir, { recursive: true, force: true });
});

function config(over: Record<string, string> = {}) {
  return loadConfig({
    env: {},
    readEnvFile: false,
    cwd: dir,
    overrides: {
      ...fakes.env,
      CLIENT_BILLING_RATES_PATH: join(dir, 'rates.json'),
      INBOX_DIR: join(dir, 'inbox'),
      ...over,
    },
  });
}

void describe('assistant doctor', () => {
  void it('reports every configured part as working', async () => {
    let out = '';
    const results = await runDoctor(config(), (s) => (out += s));
    for (const r of results) assert.equal(r.status, 'ok', `${r.name}: ${r.detail}`);
    assert.match(out, /✓ InvoiceNinja/);
    assert.match(out, /✓ Google Calendar/);
    assert.equal(fakes.webhook.deliveries.at(-1)!.json.type, 'ping');
    assert.ok(fakes.webhook.deliveries.at(-1)!.headers['webhook-signature']);
  });

  void it('says what is wrong and how to fix it, without printing secrets', async () => {
    fakes.google.refreshTokens.add('1//revoked-soon');
    const cfg = config({
      INVOICENINJA_API_TOKEN: 'wrong-token-123456',
      GOOGLE_REFRESH_TOKEN: '1//not-known-anymore',
    });
    let out = '';
    const results = await runDoctor(cfg, (s) => (out += s));
    const by = Object.fromEntries(results.map((r) => [r.name, r]));
    assert.equal(by.InvoiceNinja!.status, 'fail');
    assert.match(out, /✗ InvoiceNinja: .*403.*Invalid token/);
    assert.match(out, /fix: check INVOICENINJA_API_TOKEN/);
    assert.equal(by['Google Calendar']!.status, 'fail');
    assert.match(out, /invalid_grant/);
    assert.match(out, /assistant auth google/);
    assert.match(out, /7 days/);
    for (const secret of [
      'wrong-token-123456',
      '1//not-known-anymore',
      fakes.google.clientSecret,
    ]) {
      assert.ok(!out.includes(secret), 'no secret in the output');
    }
  });

  void it('marks unconfigured parts as off, not broken', async () => {
    const cfg = loadConfig({
      env: {},
      readEnvFile: false,
      cwd: dir,
      overrides: {
        CLIENT_BILLING_RATES_PATH: join(dir, 'rates.json'),
        INBOX_DIR: join(dir, 'inbox'),
      },
    });
    const results = await runDoctor(cfg, () => {});
    assert.deepEqual(
      results.filter((r) => r.status === 'fail').map((r) => r.name),
      [],
    );
    assert.equal(results.find((r) => r.name === 'InvoiceNinja')!.status, 'off');
  });
});

void describe('assistant doctor: IMAP (real Dovecot)', () => {
  void it('logs in and opens the mailbox; says what to fix for a wrong password or mailbox', async () => {
    const { startDovecot } = await import('../support/dovecot.js');
    const dovecot = await startDovecot();
    try {
      const imap = (over: Record<string, string>) =>
        config({
          IMAP_HOST: dovecot.host,
          IMAP_PORT: String(dovecot.port),
          IMAP_TLS: 'false',
          IMAP_USER: dovecot.user,
          IMAP_PASSWORD: dovecot.password,
          ...over,
        });
      const mailbox = async (over: Record<string, string>) => {
        let out = '';
        const r = (await runDoctor(imap(over), (s) => (out += s))).find(
          (x) => x.name === 'Mailbox',
        )!;
        return { r, out };
      };
      const good = await mailbox({});
      assert.equal(good.r.status, 'ok', good.r.detail);
      const badPass = await mailbox({ IMAP_PASSWORD: 'definitely-wrong-pw' });
      assert.equal(badPass.r.status, 'fail');
      assert.match(badPass.out, /refused the login/);
      assert.match(badPass.out, /app password/);
      assert.ok(!badPass.out.includes('definitely-wrong-pw'));
      const badBox = await mailbox({ IMAP_MAILBOX: 'NoSuchFolder' });
      assert.equal(badBox.r.status, 'fail');
      assert.match(badBox.out, /IMAP_MAILBOX/);
    } finally {
      await dovecot.stop();
    }
  });
});
