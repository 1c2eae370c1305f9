// The README and the docs stay true to the code: the quick start is exactly the two commands,
// the CLI table lists every registered command (and nothing else), every variable name the
// docs mention exists, and every relative link points at a file in the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parse } from 'yaml';
import { registerCommands } from '../../src/cli/commands/index.js';
import { ALL_VARS } from '../../src/config/sections/index.js';
import { parseEnvFile } from '../../src/config/env-file.js';
import type { VarSpecs } from '../../src/config/spec.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const readme = read('README.md');
const DOCS = ['README.md', 'ARCHITECTURE.md', 'docs/docker.md', 'docs/backup.md'];

/** Written by the benchmark owner after their runs; linked from here, checked there. */
const LINKED_FROM_OTHERS = new Set(['BENCHMARKS.md']);

function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `a "## ${heading}" section`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

void test('the quick start is exactly the two commands', () => {
  const quick = section(readme, 'Quick start');
  const block = /```sh\n([\s\S]*?)```/.exec(quick);
  assert.ok(block, 'one shell block');
  const commands = (block[1] as string)
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
  assert.deepEqual(commands, ['npm ci && npm start', 'npm test']);
});

void test('the CLI table lists every registered command and no other', () => {
  const program = new Command();
  registerCommands(program);
  const registered = program.commands.flatMap((c) =>
    c.commands.length > 0 ? c.commands.map((s) => `${c.name()} ${s.name()}`) : [c.name()],
  );
  const table = section(readme, 'Command line');
  const documented = [...table.matchAll(/^\| `assistant ([a-z]+(?: [a-z]+)?)/gm)].map(
    (m) => m[1] as string,
  );
  assert.deepEqual(
    [...new Set(documented)].sort(),
    registered.sort(),
    'README "Command line" table vs src/cli/commands',
  );
});

void test('every variable name the docs mention exists', () => {
  const specs: VarSpecs = ALL_VARS;
  const known = new Set(Object.keys(specs));
  for (const [name, spec] of Object.entries(specs)) if (spec.secret) known.add(`${name}_FILE`);
  // Compose-level variables: the .env example and every name the compose file sets.
  for (const name of Object.keys(
    parseEnvFile(read('deploy/compose.env.example'), 'compose.env.example').values,
  )) {
    known.add(name);
  }
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, { environment?: Record<string, unknown> }>;
  };
  for (const svc of Object.values(compose.services)) {
    for (const name of Object.keys(svc.environment ?? {})) known.add(name);
  }
  // Error codes the docs quote (the ErrorCode union) and names InvoiceNinja itself reads.
  for (const m of read('src/core/errors.ts').matchAll(/'([A-Z]+_ERR_[A-Z_]+)'/g)) {
    known.add(m[1] as string);
  }
  known.add('APP_KEY').add('NAME_FILE');
  for (const doc of DOCS) {
    const text = read(doc);
    for (const m of text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=[^`]*)?`/g)) {
      const name = m[1] as string;
      assert.ok(known.has(name), `${doc} mentions \`${name}\`, which no code reads`);
    }
  }
});

void test('every relative link in the docs points at a file of the repository', () => {
  for (const doc of DOCS) {
    const text = read(doc);
    for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      const target = m[1] as string;
      if (/^[a-z]+:/.test(target)) continue; // http:, https:, mailto:
      const path = join(dirname(doc), target);
      if (LINKED_FROM_OTHERS.has(path)) continue;
      assert.ok(existsSync(join(ROOT, path)), `${doc} links to ${target}, which does not exist`);
    }
  }
});
