// docker-compose.yml checked without an engine: valid against the Compose Specification's own
// JSON schema (../shared/contracts/compose/, beside the clone), and wired the way the
// assistant needs — services and volumes exist, InvoiceNinja over HTTP through nginx (never
// php-fpm's FastCGI port 9000), the API token provided, OpenWebUI pointed at the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { parseEnvFile } from '../../src/config/env-file.js';
import { assertSafeBinding } from '../../src/http/server.js';
import { interpolate, MissingVariableError } from './compose-interpolate.js';
import { envOf, parseDockerfile } from './dockerfile-parser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCHEMA_PATH = resolve(ROOT, '../shared/contracts/compose/compose-spec.json');
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string | null> | string[];
  env_file?: string | (string | { path: string })[];
  depends_on?: string[] | Record<string, unknown>;
  volumes?: (string | { type?: string; source?: string; target: string })[];
  ports?: (string | number | { target: number })[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const rawText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const raw = parse(rawText) as ComposeFile;

/** The `.env` a user writes from deploy/compose.env.example, every value filled in. */
function exampleDotEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const example = parseEnvFile(
    readFileSync(join(ROOT, 'deploy/compose.env.example'), 'utf8'),
    'compose.env.example',
  );
  assert.deepEqual(example.errors, []);
  const env: Record<string, string> = {};
  for (const name of Object.keys(example.values))
    env[name] = example.values[name] || `value-of-${name}`;
  env.API_TOKEN = 'token-0123456789abcdef';
  return { ...env, ...overrides };
}

const compose = (env: Record<string, string>): ComposeFile => interpolate(raw, env);
const envOfService = (svc: Service): Record<string, string> => {
  const e = svc.environment ?? {};
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v ?? '']));
};
const dependsOn = (svc: Service): string[] =>
  Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
const imageEnv = envOf(
  parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).stages.at(-1) as never,
);

void test('docker-compose.yml is valid against the Compose Specification schema', () => {
  assert.ok(existsSync(SCHEMA_PATH), `the schema is at ${SCHEMA_PATH}`);
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  assert.match(String(schema.$schema), /draft-07/, 'the schema declares draft-07');
  // Ajv's default class is draft-07; the schema names the meta-schema by an https URL Ajv does
  // not register under that spelling, so it is dropped before compiling (the body is draft-07).
  const { $schema: _meta, ...body } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(body);
  for (const [label, doc] of [
    ['as written', raw],
    ['after interpolation', compose(exampleDotEnv())],
  ] as const) {
    const ok = validate(doc);
    assert.ok(ok, `${label}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  }
});

void test('every depends_on names a service, and the assistant is built from this repo', () => {
  const file = compose(exampleDotEnv());
  const names = new Set(Object.keys(file.services));
  for (const [name, svc] of Object.entries(file.services)) {
    for (const dep of dependsOn(svc)) assert.ok(names.has(dep), `${name} depends on ${dep}`);
  }
  assert.ok(file.services.assistant, 'an assistant service');
  assert.ok(file.services.assistant.build, 'built from the Dockerfile here');
  assert.ok(dependsOn(file.services.assistant).some((d) => d.startsWith('invoiceninja')));
});

void test('InvoiceNinja is reached over HTTP through its web server, not php-fpm:9000', () => {
  const file = compose(exampleDotEnv({ INVOICENINJA_API_TOKEN: 'in-token' }));
  const url = new URL(envOfService(file.services.assistant as Service).INVOICENINJA_URL as string);
  assert.equal(url.protocol, 'http:');
  const web = file.services[url.hostname];
  assert.ok(web, `${url.hostname} is a compose service`);
  const port = url.port === '' ? '80' : url.port;
  assert.notEqual(port, '9000', 'port 9000 is FastCGI, not HTTP');
  // The web server's config, shipped in deploy/, forwards PHP to the FPM service on 9000.
  const confMount = (web.volumes ?? [])
    .map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`))
    .find((v) => v.startsWith('./deploy/') && v.includes('/etc/nginx/'));
  assert.ok(confMount, 'the nginx config is mounted from deploy/');
  const conf = readFileSync(join(ROOT, confMount.split(':')[0] as string), 'utf8');
  assert.match(conf, new RegExp(`listen\\s+${port}\\b`), `nginx listens on ${port}`);
  const fpm = /fastcgi_pass\s+([\w.-]+):(\d+);/.exec(conf);
  assert.ok(fpm, 'nginx passes PHP to FastCGI');
  assert.ok(file.services[fpm[1] as string], `${fpm[1]} is a compose service`);
  assert.equal(fpm[2], '9000');
  assert.match(file.services[fpm[1] as string]?.image ?? '', /^invoiceninja\/invoiceninja:5/);
});

void test('without an InvoiceNinja token the assistant starts in preview mode instead of failing', () => {
  const file = compose(exampleDotEnv({ INVOICENINJA_API_TOKEN: '' }));
  assert.equal(envOfService(file.services.assistant as Service).INVOICENINJA_URL, '');
});

void test('every named volume is declared; every bind-mounted file ships in the repo', () => {
  const file = compose(exampleDotEnv());
  const declared = new Set(Object.keys(file.volumes ?? {}));
  for (const [name, svc] of Object.entries(file.services)) {
    for (const v of svc.volumes ?? []) {
      const source = typeof v === 'string' ? (v.split(':')[0] as string) : (v.source ?? '');
      if (source.startsWith('./') || source.startsWith('/')) {
        if (source !== './config') assert.ok(existsSync(join(ROOT, source)), `${source} exists`);
        continue;
      }
      assert.ok(declared.has(source), `${name} uses volume ${source}: declared`);
    }
  }
  const assistantVolumes = (file.services.assistant?.volumes ?? []).map(String).join(' ');
  assert.match(assistantVolumes, /:\/app\/data\b/);
  assert.match(assistantVolumes, /:\/app\/config\b/);
});

void test('the assistant gets every variable it requires in the container, and starts', () => {
  // What the container sees: image ENV < env_file (a copied template) < environment.
  const svc = compose(exampleDotEnv()).services.assistant as Service;
  assert.equal(svc.env_file, '.env.assistant');
  const template = parseEnvFile(
    readFileSync(join(ROOT, '.env.assistant.template'), 'utf8'),
    'template',
  );
  const env = { ...imageEnv, ...template.values, ...envOfService(svc) };
  assert.equal(env.API_HOST, '0.0.0.0', 'the image listens beyond loopback');
  assert.ok(env.API_TOKEN, 'so API_TOKEN is required, and provided');
  const config = loadConfig({ env, cwd: '/app', readEnvFile: false });
  assert.doesNotThrow(() => assertSafeBinding(config));
  assert.equal(config.SQLITE_DB_PATH, '/app/data/assistant.db');
  assert.equal(config.CLIENT_BILLING_RATES_PATH, '/app/config/client_billing_rates.json');
  const published = (svc.ports ?? []).map(String).join(' ');
  assert.match(published, new RegExp(`:${config.API_PORT}$`), 'the API port is published');

  // With the InvoiceNinja token given, the InvoiceNinja pair is complete as well.
  const linked = compose(exampleDotEnv({ INVOICENINJA_API_TOKEN: 'in-token' })).services
    .assistant as Service;
  const linkedConfig = loadConfig({
    env: { ...imageEnv, ...template.values, ...envOfService(linked) },
    cwd: '/app',
    readEnvFile: false,
  });
  assert.equal(linkedConfig.INVOICENINJA_URL, 'http://invoiceninja-web');
});

void test('compose refuses to start without API_TOKEN rather than expose an open API', () => {
  assert.throws(() => compose(exampleDotEnv({ API_TOKEN: '' })), MissingVariableError);
});

void test('OpenWebUI has the assistant registered as a bearer-token OpenAPI tool server', () => {
  const file = compose(exampleDotEnv());
  const webui = Object.values(file.services).find((s) =>
    (s.image ?? '').startsWith('ghcr.io/open-webui/open-webui'),
  );
  assert.ok(webui, 'an OpenWebUI service');
  const connections = JSON.parse(envOfService(webui).TOOL_SERVER_CONNECTIONS as string) as {
    url: string;
    path: string;
    type?: string;
    auth_type: string;
    key: string;
  }[];
  assert.equal(connections.length, 1);
  const c = connections[0] as (typeof connections)[number];
  const url = new URL(c.url);
  assert.equal(url.hostname, 'assistant', 'the assistant service');
  const apiPort = envOfService(file.services.assistant as Service).API_PORT ?? imageEnv.API_PORT;
  assert.equal(url.port, apiPort, 'on the API port');
  assert.equal(c.path, 'openapi.json');
  assert.equal(c.auth_type, 'bearer');
  assert.equal(c.key, 'token-0123456789abcdef', 'the same API_TOKEN the assistant checks');
  assert.equal(c.type ?? 'openapi', 'openapi');
});
