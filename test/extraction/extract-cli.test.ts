// `assistant extract FILE.eml [--json]` as a user runs it: one JSON object on stdout and exit 0
// for any readable email (authorization or not), a readable summary without --json, and a
// non-zero exit only when the file cannot be read. No configuration is needed.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIX = join(ROOT, 'test/fixtures/emails');
// An empty working directory: no .env.assistant, no configuration at all.
const cwd = mkdtempSync(join(tmpdir(), 'extract-cli-'));
after(() => rmSync(cwd, { recursive: true, force: true }));

function cli(...args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(TIMEZONE|EXTRACTION_RULES_PATH|IMAP_|INVOICENINJA_|GOOGLE_)/.test(k),
    ),
  );
  return spawnSync(
    process.execPath,
    [
      '--import',
      join(ROOT, 'node_modules/tsx/dist/esm/index.mjs'),
      join(ROOT, 'src/cli/main.ts'),
      'extract',
      ...args,
    ],
    {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
}

void describe('assistant extract', () => {
  void it('prints exactly one JSON object for an authorization', () => {
    const r = cli(join(FIX, 'label-lines/001-state-vr-po.eml'), '--json');
    assert.equal(r.status, 0, r.stderr);
    const rec = JSON.parse(r.stdout) as {
      isAuthorization: boolean;
      authorizationId: string;
      sources: object;
    };
    assert.equal(rec.isAuthorization, true);
    assert.equal(rec.authorizationId, '5521-0093');
    assert.ok(Object.keys(rec.sources).length > 5);
  });
  void it('exits 0 for an email that is not an authorization', () => {
    const r = cli(join(FIX, 'distractors/004-card-approved-purchase.eml'), '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { isAuthorization: boolean }).isAuthorization, false);
  });
  void it('exits 0 with warnings for garbage bytes', () => {
    const file = join(cwd, 'garbage.eml');
    writeFileSync(file, Buffer.from([0, 255, 13, 10, 1, 2, 3, 0x3a, 0x0a]));
    const r = cli(file, '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { isAuthorization: boolean }).isAuthorization, false);
  });
  void it('prints a readable summary without --json', () => {
    const r = cli(join(FIX, 'narrative/001-approved-sentence.eml'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /authorization: new/);
    assert.match(r.stdout, /id: +TCW-7781/);
  });
  void it('fails when the file cannot be read', () => {
    const r = cli(join(cwd, 'missing.eml'), '--json');
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /cannot read .*missing\.eml: ENOENT/);
  });
});
