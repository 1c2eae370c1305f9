// kill -9 at every step: the server commits (client, invoice, event, webhook) and the process
// dies before it hears back or records anything. A new process on the same database must
// finish the job without making anything twice.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakes, type Fakes, type FakeServer, type Matcher } from '../support/fakes/index.js';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(async () => {
  await fakes.stop();
});

const CHILD = join(import.meta.dirname, 'crash-child.ts');

function runChild(dir: string, authId: string): { done: Promise<number | null>; kill(): void } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, dir, JSON.stringify(fakes.env), authId],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { done, kill: () => child.kill('SIGKILL') };
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const post =
  (suffix: string): Matcher =>
  (r) =>
    r.method === 'POST' && r.path.endsWith(suffix);

const STEPS: [string, () => FakeServer, Matcher][] = [
  ['client create', () => fakes.invoiceNinja, post('/clients')],
  ['invoice create', () => fakes.invoiceNinja, post('/invoices')],
  ['event insert', () => fakes.google, post('/events')],
  ['webhook', () => fakes.webhook, post('/hook')],
];

void describe('kill -9 after the vendor committed', () => {
  for (const [step, server, match] of STEPS) {
    void it(`at ${step}: the restarted process makes nothing twice`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kill9-'));
      const authId = `K9-${step.replace(/\W/g, '')}`;
      try {
        const target = server();
        const seen = target.injected.length;
        target.failNext(1, 'hang-after-commit', match);
        const first = runChild(dir, authId);
        await waitFor(() => target.injected.length > seen, `the ${step} request`);
        first.kill();
        await first.done;
        const second = runChild(dir, authId);
        assert.equal(await second.done, 0);
        const invoices = fakes.invoiceNinja.liveInvoices().filter((i) => i.po_number === authId);
        assert.equal(invoices.length, 1, 'one invoice');
        assert.equal(
          fakes.invoiceNinja.liveClients().filter((c) => c.name === 'River County Services').length,
          1,
          'one client',
        );
        const events = fakes.google.events().filter((e) => String(e.description).includes(authId));
        assert.equal(events.length, 1, 'one event');
        const hooks = fakes.webhook
          .uniqueDeliveries()
          .filter(
            (d) => (d.json.details as { authorizationId: string }).authorizationId === authId,
          );
        assert.equal(hooks.length, 1, 'one distinct webhook');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
