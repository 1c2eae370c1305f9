// Lint-level checks of the Dockerfile and .dockerignore (no container engine runs on these
// machines, so the image is never built here): multi-stage on an official Node LTS slim
// image, production dependencies only, non-root, the /app paths, health check, signals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_VARS } from '../../src/config/sections/index.js';
import { envOf, execForm, parseDockerfile, type Stage } from './dockerfile-parser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const stages = dockerfile.stages;
const runtime = stages.at(-1) as Stage;
const build = stages.find((s) => s !== runtime && s.name !== null) as Stage;
const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword);
const one = (stage: Stage, keyword: string) => {
  const found = all(stage, keyword);
  assert.equal(found.length, 1, `exactly one ${keyword} in the runtime stage`);
  return found[0] as { args: string };
};

void test('multi-stage build on an official Node LTS slim image the engines field accepts', () => {
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  assert.ok(build, 'the build stage is named');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  const [, min, max] = /^>=(\d+)\.\d+\s+<(\d+)$/.exec(pkg.engines.node) ?? [];
  for (const stage of stages) {
    const m = /^node:(\d+)-(bookworm|bullseye|trixie)-slim$/.exec(stage.from);
    assert.ok(m, `${stage.from} is an official node:<LTS>-<debian>-slim image`);
    const major = Number(m[1]);
    assert.ok(major % 2 === 0, 'an LTS (even) Node major');
    assert.ok(major >= Number(min) && major < Number(max), `Node ${major} satisfies engines`);
  }
  assert.equal(stages[0]?.from, runtime.from, 'build and runtime share the same Node');
});

void test('the build stage compiles better-sqlite3, builds, and prunes dev dependencies', () => {
  const runs = all(build, 'RUN')
    .map((i) => i.args)
    .join('\n');
  assert.match(runs, /apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
  assert.match(runs, /npm ci/);
  assert.match(runs, /npm run build/);
  assert.match(runs, /npm prune --omit=dev/);
  // `prepare` (= build) must not run before the sources are copied.
  const ciIndex = build.instructions.findIndex((i) => /npm ci/.test(i.args));
  const srcIndex = build.instructions.findIndex(
    (i) => i.keyword === 'COPY' && /\bsrc\b/.test(i.args),
  );
  assert.ok(
    ciIndex > srcIndex || /npm ci[^\n]*--ignore-scripts/.test(runs),
    'npm ci runs after src is copied, or without scripts',
  );
});

void test('the runtime stage carries no toolchain and installs nothing from npm', () => {
  const runs = all(runtime, 'RUN')
    .map((i) => i.args)
    .join('\n');
  assert.doesNotMatch(runs, /npm (ci|install|i)\b/);
  assert.doesNotMatch(runs, /g\+\+|python3|build-essential/);
  const copies = all(runtime, 'COPY').map((i) => i.args);
  assert.ok(
    copies.some((c) => new RegExp(`--from=${build.name}\\s+\\S*node_modules`).test(c)),
    'node_modules come pruned from the build stage',
  );
  for (const needed of ['dist', 'package.json', 'web']) {
    assert.ok(
      copies.some((c) => c.includes(needed)),
      `${needed} is copied`,
    );
  }
});

void test('runs as a non-root user', () => {
  const user = all(runtime, 'USER').at(-1)?.args.trim();
  assert.ok(user, 'a USER instruction');
  assert.doesNotMatch(user, /^(root|0)(:|$)/);
});

void test('the seed paths, public bind and volumes are set for the container', () => {
  const env = envOf(runtime);
  assert.equal(env.SQLITE_DB_PATH, '/app/data/assistant.db');
  assert.equal(env.CLIENT_BILLING_RATES_PATH, '/app/config/client_billing_rates.json');
  assert.equal(env.INBOX_DIR, '/app/data/inbox');
  assert.equal(env.API_HOST, '0.0.0.0');
  for (const name of Object.keys(env).filter((n) => n !== 'NODE_ENV')) {
    assert.ok(name in ALL_VARS, `${name} is a variable the assistant reads`);
  }
  const volumes = execForm(one(runtime, 'VOLUME').args) ?? [];
  assert.deepEqual([...volumes].sort(), ['/app/config', '/app/data']);
  assert.equal(one(runtime, 'WORKDIR').args.trim(), '/app');
});

void test('EXPOSE matches API_PORT', () => {
  const env = envOf(runtime);
  const port = env.API_PORT ?? ALL_VARS.API_PORT.defaultText;
  assert.equal(port, ALL_VARS.API_PORT.defaultText, 'the image keeps the documented port');
  assert.deepEqual(one(runtime, 'EXPOSE').args.trim().split(/\s+/), [port]);
});

void test('the health check asks /health with node (slim images have no curl)', () => {
  const hc = one(runtime, 'HEALTHCHECK').args;
  const cmd = execForm(hc.replace(/^.*?CMD\s+/s, ''));
  assert.ok(cmd, 'exec form');
  assert.equal(cmd[0], 'node');
  assert.match(cmd.join(' '), /\/health/);
  assert.match(cmd.join(' '), /API_PORT/);
  assert.doesNotMatch(hc, /curl|wget/);
  assert.match(hc, /--timeout=\d+s/);
});

void test('SIGTERM stops it, and the command is the compiled serve', () => {
  assert.equal(one(runtime, 'STOPSIGNAL').args.trim(), 'SIGTERM');
  const cmd = execForm(one(runtime, 'CMD').args);
  assert.ok(cmd, 'exec form');
  assert.equal(cmd[0], 'node');
  assert.deepEqual(
    cmd.filter((a, i) => i > 0 && !a.startsWith('--')),
    ['dist/cli/main.js', 'serve'],
  );
  assert.ok(
    existsSync(join(ROOT, 'src/cli/main.ts')),
    'dist/cli/main.js is built from src/cli/main.ts',
  );
});

void test('every launch carries the same V8 memory flags: image, npm start, the bin, systemd', () => {
  const flagsOf = (argv: readonly string[]) => argv.filter((a) => a.startsWith('--'));
  const cmd = execForm(one(runtime, 'CMD').args) ?? [];
  const shebang = readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8').split('\n')[0] ?? '';
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const fromBin = flagsOf(shebang.replace(/^#!\/usr\/bin\/env -S node /, '').split(/\s+/));
  assert.match(shebang, /^#!\/usr\/bin\/env -S node --/, 'the bin passes flags to node');
  assert.ok(fromBin.includes('--max-semi-space-size=2'), 'a small young generation');
  assert.deepEqual(flagsOf(cmd), fromBin, 'Dockerfile CMD');
  assert.deepEqual(flagsOf(pkg.scripts.start.split(/\s+/)), fromBin, 'npm start');
  const unit = readFileSync(join(ROOT, 'deploy/assistant.service'), 'utf8');
  const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
  assert.deepEqual(flagsOf(execStart.split(/\s+/)), fromBin, 'systemd ExecStart');
});

void test('.dockerignore keeps secrets, data and host builds out of the context, but not what COPY needs', () => {
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const must of ['.git', 'node_modules', 'dist', 'data', '.env.*', 'config']) {
    assert.ok(ignored.includes(must), `${must} is ignored`);
  }
  const sources = stages
    .flatMap((s) => all(s, 'COPY'))
    .filter((c) => !c.args.includes('--from='))
    .flatMap((c) =>
      c.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1),
    );
  for (const src of sources) {
    assert.ok(existsSync(join(ROOT, src)), `${src} exists in the repository`);
    assert.ok(!ignored.includes(src), `${src} is not in .dockerignore`);
  }
});
