// The OpenAPI document is a contract with chat models (OpenWebUI tool server): its operationIds,
// descriptions and parameters are checked here, and the whole document equals the committed
// snapshot. After a deliberate change: UPDATE_SNAPSHOTS=1 node --import tsx --test test/http/openapi.test.ts
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeHarness, type Harness } from './support/fixtures.js';

const SNAPSHOT = join(dirname(fileURLToPath(import.meta.url)), '__snapshots__', 'openapi.json');

const TOOLS = [
  'get_service_status',
  'list_authorizations',
  'get_authorization',
  'update_authorization',
  'approve_authorization',
  'retry_authorization',
  'list_emails',
  'get_email',
  'reprocess_email',
  'poll_mailbox_now',
  'start_monitoring',
  'stop_monitoring',
  'get_recent_logs',
];

type Op = {
  operationId?: string;
  description?: string;
  parameters?: { name: string; description?: string }[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
};
let h: Harness;
let spec: {
  paths: Record<string, Record<string, Op>>;
  components: { securitySchemes: Record<string, unknown> };
  security: unknown;
};
let ops: [string, string, Op][];

before(async () => {
  h = await makeHarness();
  const r = await h.app.inject({ method: 'GET', url: '/openapi.json', headers: h.auth });
  assert.equal(r.statusCode, 200);
  spec = r.json();
  ops = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [method, path, op] as [string, string, Op]),
  );
});
after(async () => h.close());

void describe('OpenAPI document', () => {
  void it('has exactly the tool operations, each with a snake_case operationId', () => {
    assert.deepEqual(ops.map(([, , op]) => op.operationId).sort(), [...TOOLS].sort());
    for (const [, , op] of ops) assert.match(op.operationId ?? '', /^[a-z]+(_[a-z]+)+$/);
  });

  void it('hides health, metrics, the WebSocket, raw download, previews, docs and static routes', () => {
    for (const path of [
      '/health',
      '/metrics',
      '/ws/status',
      '/emails/{id}/raw',
      '/actions/previews',
      '/openapi.json',
      '/docs',
      '/control/status',
      '/*',
    ]) {
      assert.equal(spec.paths[path], undefined, path);
    }
  });

  void it('describes every operation and parameter for a model', () => {
    for (const [method, path, op] of ops) {
      assert.ok(
        (op.description ?? '').length > 80,
        `${method} ${path} needs a description saying when to use it`,
      );
      for (const p of op.parameters ?? [])
        assert.ok(p.description, `${method} ${path} parameter ${p.name}`);
    }
  });

  void it('declares an optional JSON body on every POST and the bearer scheme', () => {
    for (const [method, path, op] of ops.filter(([m]) => m === 'post')) {
      assert.ok(
        op.requestBody?.content['application/json'],
        `${method} ${path} declares a JSON body`,
      );
      assert.equal(op.requestBody?.required, false, `${method} ${path} body is optional`);
    }
    assert.deepEqual(spec.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      description: 'The API_TOKEN of the service.',
    });
    assert.deepEqual(spec.security, [{ bearerAuth: [] }]);
  });

  void it('equals the committed snapshot (UPDATE_SNAPSHOTS=1 to accept a deliberate change)', () => {
    // Keys sorted: their order carries no meaning and depends on plugin registration order.
    // Compared as parsed JSON, so formatting the file (prettier) does not matter.
    const current = sortKeys(spec);
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      mkdirSync(dirname(SNAPSHOT), { recursive: true });
      writeFileSync(SNAPSHOT, JSON.stringify(current, null, 2) + '\n');
    }
    assert.ok(existsSync(SNAPSHOT), `no snapshot at ${SNAPSHOT}: run with UPDATE_SNAPSHOTS=1`);
    assert.deepEqual(
      current,
      JSON.parse(readFileSync(SNAPSHOT, 'utf8')),
      'the OpenAPI document changed: review it, then run with UPDATE_SNAPSHOTS=1 and commit the snapshot',
    );
  });

  void it('/docs serves the interactive page from the package (no CDN)', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/docs/', headers: h.auth });
    const page =
      r.statusCode === 302
        ? await h.app.inject({ method: 'GET', url: String(r.headers.location), headers: h.auth })
        : r;
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger/i);
    assert.doesNotMatch(page.body, /https?:\/\/(cdn|unpkg|cdnjs|jsdelivr)/);
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
