// The generated configuration docs agree with the specs: the committed `.env.assistant.template`
// is exactly what the generator renders, the README's table lists every variable with its
// default and meaning, and a copied template loads as a valid configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  README_PATH,
  TABLE_END,
  TABLE_START,
  TEMPLATE_PATH,
  renderConfigTable,
  renderEnvTemplate,
} from '../../scripts/gen-env-template.js';
import { ALL_VARS } from '../../src/config/sections/index.js';
import { loadConfig } from '../../src/config/index.js';
import { parseEnvFile } from '../../src/config/env-file.js';
import type { VarSpecs } from '../../src/config/spec.js';

const specs: VarSpecs = ALL_VARS;
const STALE = 'run `npm run docs:config` and commit the result';

void test('the committed .env.assistant.template is the generated one', () => {
  assert.equal(readFileSync(TEMPLATE_PATH, 'utf8'), renderEnvTemplate(), STALE);
});

void test("the README's configuration table is the generated one", () => {
  const readme = readFileSync(README_PATH, 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  assert.ok(start >= 0 && end > start, 'README.md has the config-table markers');
  const inReadme = readme.slice(start + TABLE_START.length, end).trim();
  assert.equal(inReadme, renderConfigTable().trim(), STALE);
});

void test('every variable appears in the README table with its default and its meaning', () => {
  const readme = readFileSync(README_PATH, 'utf8');
  const table = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END));
  const rows = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    const m = /^\| `([A-Z0-9_]+)` \| (.*?) \| (.*) \|$/.exec(line);
    if (m) rows.set(m[1] as string, [m[2] as string, m[3] as string]);
  }
  assert.deepEqual([...rows.keys()].sort(), Object.keys(specs).sort());
  for (const [name, spec] of Object.entries(specs)) {
    const [def, meaning] = rows.get(name) as string[];
    if (spec.defaultText === '') assert.equal(def, '(empty)', name);
    else assert.ok((def as string).includes(spec.defaultText), `${name} default`);
    assert.ok((meaning as string).includes(spec.doc.replace(/\|/g, '\\|')), `${name} meaning`);
  }
});

void test('every variable appears in the template, secrets empty', () => {
  const template = readFileSync(TEMPLATE_PATH, 'utf8');
  const values = parseEnvFile(template, 'template');
  assert.deepEqual(values.errors, []);
  for (const [name, spec] of Object.entries(specs)) {
    assert.match(template, new RegExp(`^(# )?${name}=`, 'm'), name);
    if (spec.secret) assert.equal(values.values[name], '', `${name} is a secret: empty`);
  }
});

void test('a copied template loads as a valid configuration with the documented defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'assistant-template-'));
  try {
    writeFileSync(join(dir, '.env.assistant'), readFileSync(TEMPLATE_PATH, 'utf8'));
    const config = loadConfig({ cwd: dir, env: {} });
    assert.equal(config.envFile, join(dir, '.env.assistant'));
    assert.equal(config.API_HOST, '127.0.0.1');
    assert.equal(config.SQLITE_DB_PATH, join(dir, 'data', 'assistant.db'));
    assert.equal(config.IMAP_HOST, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
