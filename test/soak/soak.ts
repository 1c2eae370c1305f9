// The fault soak: a real Dovecot, `assistant serve` as a child process, every vendor fake
// failing at random (500, 429, timeouts, connections dropped after the server committed),
// Dovecot restarted and the assistant `kill -9`ed at random moments while mail keeps arriving.
// At the end every authorization must have exactly one client, one invoice, one event when
// its service is in the future, one webhook per outcome, and no email may be unaccounted for.
// Shared by the suite's reduced run and `npm run soak`.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { buildCorpus, type CorpusEmail } from '../../bench/lib/corpus.js';
import { intBetween, seededRng } from '../../bench/lib/random.js';
import { startDovecot } from '../support/dovecot.js';
import { startFakes, type FaultKind } from '../support/fakes/index.js';

const root = new URL('../../', import.meta.url).pathname;

export interface SoakOptions {
  emails: number;
  kills: number;
  dovecotRestarts: number;
  faultProbability: number;
  faultKinds: FaultKind[];
  seed: number;
  dir: string;
  log?: (msg: string) => void;
}

export interface SoakReport {
  delivered: number;
  problems: string[];
  stats: Record<string, number>;
}

function startServe(env: Record<string, string>, dir: string): ChildProcess {
  return spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'serve'], {
    cwd: dir,
    env,
    stdio: 'ignore',
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function stopGracefully(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

function dbCounts(path: string): { messages: number; unfinished: number; openActions: number } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      messages: one('SELECT count(*) AS n FROM messages'),
      unfinished: one("SELECT count(*) AS n FROM messages WHERE state != 'finished'"),
      openActions: one("SELECT count(*) AS n FROM actions WHERE status IN ('pending','running')"),
    };
  } finally {
    db.close();
  }
}

function safeCounts(path: string): ReturnType<typeof dbCounts> | null {
  try {
    return dbCounts(path);
  } catch {
    return null; // not created yet, or busy mid-migration
  }
}

async function waitUntil(read: () => number, target: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (read() < target && Date.now() < deadline) await sleep(100);
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? (() => {});
  const rng = seededRng(opts.seed);
  const corpus = await buildCorpus({
    count: opts.emails,
    seed: opts.seed,
    // Service dates fall around today, so some are in the future (calendar) and some past.
    start: new Date(Date.now() - 10 * 86_400_000),
    pdfShare: 0.03,
    targetBytes: 4_000,
  });
  const dovecot = await startDovecot();
  const fakes = await startFakes();
  const dbPath = join(opts.dir, 'assistant.db');
  writeFileSync(
    join(opts.dir, 'rates.json'),
    JSON.stringify({ default: { hourly_rate: 50, mileage_rate: 0.5, fixed_service_fee: 10 } }),
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: opts.dir,
    ...fakes.env,
    IMAP_HOST: '127.0.0.1',
    IMAP_PORT: String(dovecot.port),
    IMAP_TLS: 'false',
    IMAP_USER: dovecot.user,
    IMAP_PASSWORD: dovecot.password,
    IMAP_BACKLOG_DAYS: '0',
    EMAIL_POLL_INTERVAL: '2',
    SQLITE_DB_PATH: dbPath,
    CLIENT_BILLING_RATES_PATH: join(opts.dir, 'rates.json'),
    LOG_LEVEL: 'ERROR',
    API_PORT: '0',
    SHUTDOWN_TIMEOUT: '5',
  };
  const vendors = [fakes.invoiceNinja, fakes.google, fakes.webhook];
  for (const v of vendors)
    v.failWithProbability(opts.faultProbability, opts.faultKinds, undefined, rng);

  let child: ChildProcess | null = null;
  try {
    // Mail arrives in batches while the service runs, is killed and restarted.
    const batches = Math.max(opts.kills + opts.dovecotRestarts + 1, 4);
    const perBatch = Math.ceil(corpus.length / batches);
    const disruptions: ('kill' | 'dovecot')[] = [
      ...Array<'kill'>(opts.kills).fill('kill'),
      ...Array<'dovecot'>(opts.dovecotRestarts).fill('dovecot'),
    ].sort(() => rng() - 0.5);
    child = startServe(env, opts.dir);
    let delivered = 0;
    for (let b = 0; b < batches; b++) {
      const batch = corpus.slice(b * perBatch, (b + 1) * perBatch);
      if (batch.length === 0) break;
      await dovecot.deliverMany(batch.map((e) => e.raw));
      delivered += batch.length;
      log(`batch ${b + 1}/${batches}: delivered ${batch.length}`);
      // Disrupt while work is in flight: once the service has stored part of this batch.
      const target = delivered - Math.floor(batch.length * rng() * 0.8);
      await waitUntil(() => safeCounts(dbPath)?.messages ?? 0, target, 120_000);
      await sleep(intBetween(rng, 50, 800));
      const disruption = disruptions.shift();
      if (disruption === 'kill') {
        log('kill -9 the assistant, restart it');
        await killHard(child);
        child = startServe(env, opts.dir);
      } else if (disruption === 'dovecot') {
        log('restart Dovecot');
        await dovecot.restart();
      }
    }
    for (const d of disruptions) {
      if (d === 'kill') {
        await sleep(intBetween(rng, 200, 1500));
        await killHard(child);
        child = startServe(env, opts.dir);
      }
    }

    // Faults stay on until every email is stored and extracted, so retries, kills and
    // drops meet real vendor traffic; then the vendors recover and the queue drains.
    await waitUntil(
      () => {
        const c = safeCounts(dbPath);
        return c && c.messages >= corpus.length ? corpus.length - c.unfinished : 0;
      },
      corpus.length,
      10 * 60_000,
    );
    // Let the vendors recover, then wait until everything is finished.
    for (const v of vendors) v.clearFaults();
    const deadline = Date.now() + 20 * 60_000;
    for (;;) {
      const counts = safeCounts(dbPath);
      if (
        counts &&
        counts.messages >= corpus.length &&
        counts.unfinished === 0 &&
        counts.openActions === 0
      )
        break;
      if (Date.now() > deadline) {
        log(`not quiet: ${JSON.stringify(counts)}`);
        break;
      }
      await sleep(500);
    }
    const exit = await stopGracefully(child);
    child = null;
    if (exit !== 0) log(`serve exited ${exit} on SIGTERM`);
    return verify(corpus, dbPath, fakes, exit);
  } finally {
    if (child) await killHard(child);
    await fakes.stop();
    await dovecot.stop();
  }
}

function verify(
  corpus: CorpusEmail[],
  dbPath: string,
  fakes: Awaited<ReturnType<typeof startFakes>>,
  serveExit: number | null,
): SoakReport {
  const problems: string[] = [];
  if (serveExit !== 0) problems.push(`serve exited ${serveExit} on SIGTERM`);
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT message_id, state, outcome FROM messages').all() as {
      message_id: string | null;
      state: string;
      outcome: string | null;
    }[];
    const byMessageId = new Map(rows.map((r) => [r.message_id?.replace(/[<>]/g, ''), r]));
    for (const email of corpus) {
      const row = byMessageId.get(email.messageId);
      if (!row) problems.push(`email ${email.index} (${email.kind}) is not in the database`);
      else if (row.state !== 'finished')
        problems.push(`email ${email.index} stuck in ${row.state}`);
    }

    const auths = db
      .prepare(
        `SELECT a.id, a.authorization_number, a.auth_key, a.generation, a.kind, a.status,
                a.service_date, m.message_id
           FROM authorizations a JOIN messages m ON m.id = a.message_id ORDER BY a.id`,
      )
      .all() as {
      id: number;
      authorization_number: string | null;
      auth_key: string | null;
      generation: number;
      kind: string;
      status: string;
      service_date: string | null;
      message_id: string;
    }[];
    // An amendment of an authorization cancelled earlier waits for a person (it must not bring
    // the deleted invoice back); everything else ends done.
    const cancelledBefore = (a: (typeof auths)[number]) =>
      auths.some((b) => b.id < a.id && b.auth_key === a.auth_key && b.kind === 'cancellation');
    const authByMessage = new Map(auths.map((a) => [a.message_id.replace(/[<>]/g, ''), a]));
    for (const email of corpus.filter((e) => e.expected.isAuthorization)) {
      const a = authByMessage.get(email.messageId);
      const expected = a?.kind === 'amendment' && cancelledBefore(a) ? 'needs_review' : 'done';
      if (!a)
        problems.push(`authorization email ${email.index} (${email.kind}) was not recognised`);
      else if (a.status !== expected)
        problems.push(`authorization ${a.authorization_number} (${a.kind}) ended ${a.status}`);
    }
    for (const email of corpus.filter((e) => !e.expected.isAuthorization)) {
      if (authByMessage.has(email.messageId))
        problems.push(`false positive: email ${email.index} (${email.kind})`);
    }

    // Exactly one InvoiceNinja client per agency contact address.
    const clientsByEmail = new Map<string, number>();
    for (const c of fakes.invoiceNinja.clients.filter((c) => !c.is_deleted)) {
      for (const contact of c.contacts) {
        const key = String(contact.email ?? '').toLowerCase();
        if (key) clientsByEmail.set(key, (clientsByEmail.get(key) ?? 0) + 1);
      }
    }
    for (const [email, n] of clientsByEmail)
      if (n !== 1) problems.push(`${n} clients for ${email}`);

    // Exactly one invoice per authorization number (amendments update it, cancellations void it).
    const invoicesByPo = new Map<string, typeof fakes.invoiceNinja.invoices>();
    for (const inv of fakes.invoiceNinja.invoices)
      invoicesByPo.set(inv.po_number, [...(invoicesByPo.get(inv.po_number) ?? []), inv]);
    const newAuths = auths.filter((a) => a.kind === 'new');
    for (const a of newAuths) {
      const found = invoicesByPo.get(a.authorization_number ?? '') ?? [];
      if (found.length !== 1) {
        const what = found.map(
          (i) => `${i.number} status ${i.status_id}${i.is_deleted ? ' deleted' : ''}`,
        );
        problems.push(
          `${found.length} invoices for ${a.authorization_number}${what.length ? `: ${what.join('; ')}` : ''}`,
        );
      }
    }

    // The end state of each authorization is what its emails said, in the order they came: a
    // cancelled one has no live invoice and no live event; any other has its invoice dated as
    // the latest email about it says.
    const allEvents = [...(fakes.google.calendars.get('primary')?.values() ?? [])];
    for (const a of newAuths) {
      const emails = auths.filter((b) => b.auth_key === a.auth_key && b.id >= a.id);
      const invoices = invoicesByPo.get(a.authorization_number ?? '') ?? [];
      const live = invoices.filter((i) => !i.is_deleted && i.status_id !== '5');
      const eventKey = `${a.auth_key}|g${a.generation}`;
      const liveEvents = allEvents.filter(
        (e) =>
          e.status !== 'cancelled' && e.extendedProperties?.private?.assistantAuthKey === eventKey,
      );
      if (emails.some((b) => b.kind === 'cancellation')) {
        if (live.length) problems.push(`cancelled ${a.authorization_number} has a live invoice`);
        if (liveEvents.length)
          problems.push(`cancelled ${a.authorization_number} has a live event`);
        continue;
      }
      const date = emails.filter((b) => b.service_date).at(-1)?.service_date;
      if (live.length === 1 && live[0]!.date !== date)
        problems.push(
          `invoice for ${a.authorization_number} is dated ${live[0]!.date}, its emails say ${date}`,
        );
    }

    // One calendar event per authorization, never two; every event belongs to one.
    const eventKeys = new Map<string, number>();
    for (const e of allEvents) {
      const key = JSON.stringify(e.extendedProperties?.private ?? {});
      eventKeys.set(key, (eventKeys.get(key) ?? 0) + 1);
    }
    for (const [key, n] of eventKeys)
      if (n !== 1) problems.push(`${n} events share the key ${key}`);
    const calendarResults = db
      .prepare(
        "SELECT type, result_json FROM actions WHERE type LIKE 'calendar.%' AND status = 'done'",
      )
      .all() as { type: string; result_json: string | null }[];
    const madeIds = new Set(
      calendarResults.map(
        (r) => (JSON.parse(r.result_json ?? '{}') as { eventId?: string }).eventId,
      ),
    );
    for (const e of allEvents)
      if (!madeIds.has(e.id)) problems.push(`event ${e.id} belongs to no action`);
    for (const r of calendarResults.filter((r) => r.type === 'calendar.create_event')) {
      const id = (JSON.parse(r.result_json ?? '{}') as { eventId?: string }).eventId;
      if (!allEvents.some((e) => e.id === id)) problems.push(`created event ${id} is missing`);
    }

    // One webhook per outcome: distinct webhook ids = webhook actions done.
    const webhookActions = (
      db
        .prepare(
          "SELECT count(*) AS n FROM actions WHERE type = 'webhook.notify' AND status = 'done'",
        )
        .get() as { n: number }
    ).n;
    const unique = fakes.webhook.uniqueDeliveries().length;
    if (unique !== webhookActions)
      problems.push(`${unique} distinct webhooks for ${webhookActions} notify actions done`);
    if (webhookActions < auths.length)
      problems.push(`${auths.length} authorizations but ${webhookActions} webhooks`);

    const failedActions = db
      .prepare("SELECT type, last_error FROM actions WHERE status = 'failed'")
      .all() as { type: string; last_error: string }[];
    for (const f of failedActions.slice(0, 10))
      problems.push(`action ${f.type} failed: ${f.last_error}`);

    return {
      delivered: corpus.length,
      problems,
      stats: {
        messages: rows.length,
        authorizations: auths.length,
        clients: fakes.invoiceNinja.clients.length,
        invoices: fakes.invoiceNinja.invoices.length,
        events: allEvents.length,
        webhookDeliveries: fakes.webhook.deliveries.length,
        webhookUnique: unique,
        faultsInjected:
          fakes.invoiceNinja.injected.length +
          fakes.google.injected.length +
          fakes.webhook.injected.length,
      },
    };
  } finally {
    db.close();
  }
}
