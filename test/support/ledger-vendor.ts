// A local HTTP "vendor" that records every external effect by idempotency key. Like a real
// vendor behind an idempotent handler it creates each thing once and returns what it made on a
// repeat; it also counts raw calls, so tests can see any re-execution.
import { createServer, type Server } from 'node:http';

export interface LedgerVendor {
  url: string;
  /** Raw calls per key. */
  calls: Map<string, number>;
  /** Things created, by key (each at most once). */
  created: Set<string>;
  close(): Promise<void>;
}

export async function startLedgerVendor(): Promise<LedgerVendor> {
  const calls = new Map<string, number>();
  const created = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const { key } = JSON.parse(body || '{}') as { key?: string };
      if (!key) {
        res.writeHead(400).end();
        return;
      }
      calls.set(key, (calls.get(key) ?? 0) + 1);
      const isNew = !created.has(key);
      created.add(key);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ externalId: `ext-${key}`, isNew }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    created,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
