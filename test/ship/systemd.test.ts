// deploy/assistant.service is checked without systemd: it runs the compiled `serve` with the
// documented working directory, stops with SIGTERM and a timeout longer than SHUTDOWN_TIMEOUT,
// and does not restart-loop on a configuration error (the exit code the CLI uses for one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/config/index.js';
import { ALL_VARS } from '../../src/config/sections/index.js';
import { reportCliError } from '../../src/cli/run-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = sections[header[1] as string] = {};
      continue;
    }
    const kv = /^(\w+)=(.*)$/.exec(line);
    assert.ok(kv && current, `a key=value line inside a section: ${line}`);
    (current[kv[1] as string] ??= []).push(kv[2] as string);
  }
  return sections;
}

const unit = parseUnit(readFileSync(join(ROOT, 'deploy/assistant.service'), 'utf8'));
const service = unit.Service ?? {};
const only = (key: string): string => {
  assert.equal(service[key]?.length, 1, `one ${key}`);
  return service[key]?.[0] as string;
};

void test('the unit runs the compiled serve command as an unprivileged user', () => {
  assert.deepEqual(Object.keys(unit).sort(), ['Install', 'Service', 'Unit']);
  // node, its V8 flags (kept equal to the other launches by dockerfile.test.ts), then the script.
  const exec = only('ExecStart')
    .split(/\s+/)
    .filter((a) => !a.startsWith('--'));
  assert.match(exec[0] as string, /^\/.*node$/, 'an absolute path to node');
  assert.match(exec[1] as string, /\/dist\/cli\/main\.js$/);
  assert.equal(exec[2], 'serve');
  assert.notEqual(only('User'), 'root');
  assert.ok(only('WorkingDirectory').startsWith('/'), 'data and .env.assistant resolve from it');
  assert.ok(
    (service.ReadWritePaths ?? []).includes(only('WorkingDirectory')),
    'the data folder stays writable under ProtectSystem=strict',
  );
  assert.deepEqual(unit.Install?.WantedBy, ['multi-user.target']);
});

void test('stopping gives the graceful shutdown room to finish', () => {
  assert.equal(only('KillSignal'), 'SIGTERM');
  const stop = Number(only('TimeoutStopSec'));
  const shutdown = Number(ALL_VARS.SHUTDOWN_TIMEOUT.defaultText);
  assert.ok(stop > shutdown, `TimeoutStopSec ${stop} > SHUTDOWN_TIMEOUT ${shutdown}`);
});

void test('a configuration error is not restarted in a loop', () => {
  const original = process.stderr.write.bind(process.stderr);
  let code: number;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    code = reportCliError(new ConfigError(['IMAP_PORT must be a whole number']));
  } finally {
    process.stderr.write = original;
  }
  assert.equal(only('Restart'), 'on-failure');
  assert.deepEqual(only('RestartPreventExitStatus').split(/\s+/), [String(code)]);
});
