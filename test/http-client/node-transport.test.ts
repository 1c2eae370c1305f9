// The keep-alive node:http transport behind sendRequest, against a loopback server: socket
// reuse, request bodies and headers, redirects in each mode, the body limit, UTF-8 decoding,
// the timeout and the caller's signal, and no timer or listener left behind after 10,000 calls.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isAppError, type AppError } from '../../src/core/errors.js';
import {
  retryAfterMs,
  sendRequest,
  type SendOptions,
} from '../../src/adapters/http/http-request.js';
import { createNodeTransport, type NodeTransport } from '../../src/adapters/http/node-transport.js';

interface TestServer {
  url: string;
  connections: number;
  server: Server;
  sockets: Set<Socket>;
  close(): Promise<void>;
}

async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  const t: TestServer = {
    url: '',
    connections: 0,
    server,
    sockets,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  server.on('connection', (s: Socket) => {
    t.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return t;
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

let srv: TestServer;
let other: TestServer;
let transport: NodeTransport;

before(async () => {
  other = await startServer((req, res) =>
    json(res, 200, { origin: 'other', authorization: req.headers.authorization ?? null }),
  );
  srv = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/echo':
        return json(res, 200, {
          method: req.method,
          body,
          length: req.headers['content-length'] ?? null,
          headers: req.headers,
        });
      case '/redirect': {
        const code = Number(url.searchParams.get('code') ?? 302);
        const to = url.searchParams.get('to') ?? '/echo';
        res.writeHead(code, { location: to });
        return res.end('moved');
      }
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/big': {
        const n = Number(url.searchParams.get('n'));
        if (url.searchParams.has('chunked')) {
          res.writeHead(200, { 'content-type': 'text/plain' });
          for (let i = 0; i < n; i += 512) res.write('x'.repeat(Math.min(512, n - i)));
          return res.end();
        }
        res.writeHead(200, { 'content-length': String(n) });
        return res.end('x'.repeat(n));
      }
      case '/utf8': {
        // "café ✓" with the multi-byte characters split across writes, and a BOM.
        const bytes = Buffer.from('\ufeffcafé ✓ — ok', 'utf8');
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        for (const b of bytes) res.write(Buffer.from([b]));
        return res.end();
      }
      case '/headers':
        res.setHeader('Retry-After', '3');
        res.setHeader('X-Multi', ['a', 'b']);
        return json(res, 429, { message: 'slow down' });
      case '/never':
        return; // no answer
      default:
        return json(res, 404, { path: url.pathname });
    }
  });
  transport = createNodeTransport({ maxBodyBytes: 64 * 1024 });
});

after(async () => {
  transport.close();
  await srv.close();
  await other.close();
});

const opts = (over: Partial<SendOptions> = {}): SendOptions => ({
  transport,
  vendor: 'WEBHOOK',
  timeoutMs: 10_000,
  ...over,
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.ok(isAppError(err), `an AppError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

void describe('node transport', () => {
  void it('reuses one keep-alive connection for sequential calls', async () => {
    const before = srv.connections;
    for (let i = 0; i < 20; i++) {
      const res = await sendRequest({ method: 'GET', url: `${srv.url}/echo`, headers: {} }, opts());
      assert.equal(res.status, 200);
    }
    assert.equal(srv.connections - before, 1);
  });

  void it('sends a string body with its byte length; fetch-like default headers; parses JSON', async () => {
    const body = JSON.stringify({ name: 'Zoë ✓' });
    const res = await sendRequest(
      {
        method: 'POST',
        url: `${srv.url}/echo`,
        headers: { 'Content-Type': 'application/json', 'X-API-TOKEN': 't' },
        body,
      },
      opts(),
    );
    const seen = res.json as {
      method: string;
      body: string;
      length: string;
      headers: Record<string, string>;
    };
    assert.equal(seen.method, 'POST');
    assert.equal(seen.body, body);
    assert.equal(seen.length, String(Buffer.byteLength(body)));
    assert.equal(seen.headers['x-api-token'], 't');
    assert.equal(seen.headers['accept'], '*/*');
    assert.equal(seen.headers['user-agent'], 'node');
    const own = await sendRequest(
      {
        method: 'GET',
        url: `${srv.url}/echo`,
        headers: { Accept: 'application/json', 'User-Agent': 'me/1' },
      },
      opts(),
    );
    const h = (own.json as { headers: Record<string, string> }).headers;
    assert.equal(h['accept'], 'application/json');
    assert.equal(h['user-agent'], 'me/1');
  });

  void it('reads headers case-insensitively (Retry-After), null when absent, repeated ones joined', async () => {
    const res = await sendRequest(
      { method: 'GET', url: `${srv.url}/headers`, headers: {} },
      opts(),
    );
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('Retry-After'), '3');
    assert.equal(res.headers.get('x-multi'), 'a, b');
    assert.equal(res.headers.get('x-none'), null);
    const wait = retryAfterMs(res);
    assert.ok(wait !== undefined && wait >= 2000 && wait <= 3000, String(wait));
  });

  void it('decodes UTF-8 split across chunks and drops a BOM', async () => {
    const res = await sendRequest({ method: 'GET', url: `${srv.url}/utf8`, headers: {} }, opts());
    assert.equal(res.text, 'café ✓ — ok');
    assert.equal(res.json, undefined);
  });

  void it('returns a redirect as the answer by default (manual)', async () => {
    const res = await sendRequest(
      { method: 'POST', url: `${srv.url}/redirect?code=302`, headers: {}, body: '{}' },
      opts(),
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/echo');
    assert.equal(res.text, 'moved');
  });

  void it("follows redirects with 'follow' as fetch does: 303 becomes GET, 307 keeps method and body", async () => {
    const r303 = await sendRequest(
      {
        method: 'POST',
        url: `${srv.url}/redirect?code=303`,
        headers: { 'Content-Type': 'application/json' },
        body: '{"a":1}',
      },
      opts({ redirect: 'follow' }),
    );
    assert.equal(r303.status, 200);
    assert.deepEqual((r303.json as { method: string; body: string }).method, 'GET');
    assert.equal((r303.json as { body: string }).body, '');
    const r307 = await sendRequest(
      { method: 'POST', url: `${srv.url}/redirect?code=307`, headers: {}, body: '{"a":1}' },
      opts({ redirect: 'follow' }),
    );
    assert.equal((r307.json as { method: string }).method, 'POST');
    assert.equal((r307.json as { body: string }).body, '{"a":1}');
  });

  void it('does not carry credentials to another origin, and stops redirect loops', async () => {
    const res = await sendRequest(
      {
        method: 'GET',
        url: `${srv.url}/redirect?code=302&to=${encodeURIComponent(`${other.url}/x`)}`,
        headers: { Authorization: 'Bearer secret' },
      },
      opts({ redirect: 'follow' }),
    );
    assert.deepEqual(res.json, { origin: 'other', authorization: null });
    const loop = await failure(
      sendRequest(
        { method: 'GET', url: `${srv.url}/loop`, headers: {} },
        opts({ redirect: 'follow' }),
      ),
    );
    assert.match(loop.message, /connection failed \(too many redirects\)/);
    const refused = await failure(
      sendRequest(
        { method: 'GET', url: `${srv.url}/redirect`, headers: {} },
        opts({ redirect: 'error' }),
      ),
    );
    assert.equal(refused.code, 'WEBHOOK_ERR_NETWORK');
    assert.match(refused.message, /unexpected redirect/);
  });

  void it('refuses an answer over the body limit, declared or streamed, with a clear permanent error', async () => {
    for (const q of ['n=70000', 'n=70000&chunked=1']) {
      const err = await failure(
        sendRequest({ method: 'GET', url: `${srv.url}/big?${q}`, headers: {} }, opts()),
      );
      assert.equal(err.code, 'WEBHOOK_ERR_NETWORK');
      assert.equal(err.retryable, false);
      assert.match(err.message, /^GET 127\.0\.0\.1:\d+: answer larger than 64 KB, not read$/);
    }
    const ok = await sendRequest(
      { method: 'GET', url: `${srv.url}/big?n=60000&chunked=1`, headers: {} },
      opts(),
    );
    assert.equal(ok.text.length, 60000);
  });

  void it('times out as one budget with the same message, and the pool is still usable', async () => {
    const err = await failure(
      sendRequest(
        { method: 'GET', url: `${srv.url}/never`, headers: {} },
        opts({ timeoutMs: 1000 }),
      ),
    );
    assert.equal(err.retryable, true);
    assert.match(err.message, /^GET 127\.0\.0\.1:\d+: no answer within 1 s$/);
    assert.equal(err.hint, undefined);
    const res = await sendRequest({ method: 'GET', url: `${srv.url}/echo`, headers: {} }, opts());
    assert.equal(res.status, 200);
  });

  void it("honours the caller's signal (already aborted, or aborted while waiting)", async () => {
    const pre = new AbortController();
    pre.abort();
    const e1 = await failure(
      sendRequest(
        { method: 'GET', url: `${srv.url}/echo`, headers: {} },
        opts({ signal: pre.signal }),
      ),
    );
    assert.match(e1.message, /cancelled \(shutting down\)$/);
    assert.equal(e1.retryable, true);
    const ac = new AbortController();
    const p = sendRequest(
      { method: 'GET', url: `${srv.url}/never`, headers: {} },
      opts({ signal: ac.signal }),
    );
    setTimeout(() => ac.abort(), 50);
    const e2 = await failure(p);
    assert.match(e2.message, /cancelled \(shutting down\)$/);
    assert.match(e2.hint ?? '', /check that 127\.0\.0\.1:\d+ is reachable/);
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
  });

  void it('turns a refused connection and a bad URL into retryable network errors', async () => {
    const dead = await startServer(() => {});
    const url = dead.url;
    await dead.close();
    const refused = await failure(
      sendRequest({ method: 'GET', url: `${url}/x`, headers: {} }, opts()),
    );
    assert.equal(refused.retryable, true);
    assert.match(refused.message, /connection failed \(ECONNREFUSED\)$/);
    const bad = await failure(
      sendRequest({ method: 'GET', url: '<INVOICENINJA_URL>/api/v1/clients', headers: {} }, opts()),
    );
    assert.match(bad.message, /^GET the server: connection failed \(ERR_INVALID_URL\)$/);
  });

  void it('10,000 calls leave no timer, no abort listener and no heap growth behind', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const shutdown = new AbortController();
    const timers = (): number =>
      process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const heap = (): number => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const conns = srv.connections;
    let failures = 0;
    const run = async (n: number): Promise<void> => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < n) {
          const i = next++;
          // Every 500th call times out; its socket must be dropped, not pooled.
          const url = i % 500 === 499 ? `${srv.url}/never` : `${srv.url}/echo`;
          try {
            await sendRequest(
              {
                method: 'POST',
                url,
                headers: { 'Content-Type': 'application/json' },
                body: `{"i":${i}}`,
              },
              opts({ signal: shutdown.signal, timeoutMs: i % 500 === 499 ? 50 : 10_000 }),
            );
          } catch {
            failures++;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    };
    const timersBefore = timers();
    await run(1000);
    const heapWarm = heap();
    await run(9000);
    const heapAfter = heap();
    assert.equal(failures, 20, 'only the /never calls fail');
    assert.equal(getEventListeners(shutdown.signal, 'abort').length, 0, 'abort listeners');
    assert.equal(timers(), timersBefore, 'timers');
    assert.ok(srv.connections - conns <= 8 + 20, `connections opened: ${srv.connections - conns}`);
    assert.ok(heapAfter - heapWarm < 16 * 1024 * 1024, `heap grew ${heapAfter - heapWarm} bytes`);
  });
});
