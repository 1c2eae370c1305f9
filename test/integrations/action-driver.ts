// Test support: plans an authorization with the real planner and runs its actions with the
// real handlers the way a dispatcher would — dependencies first, a retryable failure is simply
// run again (no sleeping), a permanent one ends the action — so tests can prove exactly-once
// behaviour under injected faults.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/index.js';
import type {
  ActionHandler,
  ActionRecord,
  ActionType,
  AuthorizationHistoryItem,
  AuthorizationView,
  DependencyOutcome,
  PlanResult,
} from '../../src/core/actions.js';
import { emptyFields, type AuthorizationFields } from '../../src/core/extraction-record.js';
import { isAppError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { closeDatabase, openDatabase, type Db } from '../../src/adapters/sqlite/database.js';
import { createActionHandlers } from '../../src/services/action-handlers.js';
import { createActionPlanner } from '../../src/services/action-planner.js';
import { authKey } from '../../src/core/auth-key.js';
import type { HttpTransport } from '../../src/adapters/http/http-transport.js';
import { defaultTransport } from '../../src/adapters/http/node-transport.js';

export interface Harness {
  dir: string;
  db: Db;
  config: Config;
  planner: ReturnType<typeof createActionPlanner>;
  handlers: Map<ActionType, ActionHandler>;
  /** Outcomes by idempotency key (across all runs of this harness). */
  outcomes: Map<string, DependencyOutcome & { attempts: number; request: unknown }>;
  history: AuthorizationHistoryItem[];
  process(
    a: Partial<AuthorizationView> & { fields: AuthorizationFields },
    opts?: { maxAttempts?: number },
  ): Promise<PlanResult>;
  close(): void;
}

/**
 * The production transport (keep-alive node:http) with a short timeout, so an injected
 * 'timeout' fault costs under a second, not 20.
 */
export function quickTransport(ms = 800, base: HttpTransport = defaultTransport()): HttpTransport {
  return { send: (req) => base.send({ ...req, timeoutMs: Math.min(req.timeoutMs, ms) }) };
}

export function fields(over: {
  id?: string | null;
  clientName?: string | null;
  clientEmail?: string | null;
  recipient?: string | null;
  date?: string | null;
  start?: string | null;
  end?: string | null;
  hours?: number | null;
  location?: string | null;
  mileage?: number | null;
  description?: string | null;
}): AuthorizationFields {
  const f = emptyFields();
  f.authorizationId = over.id === undefined ? 'AUTH-1001' : over.id;
  f.client = {
    name: over.clientName === undefined ? 'River County Services' : over.clientName,
    email: over.clientEmail === undefined ? 'auth@river-county.example' : over.clientEmail,
  };
  f.recipient = { name: over.recipient === undefined ? 'Sam Rivera' : over.recipient };
  f.service = {
    description: over.description === undefined ? 'Job coaching' : over.description,
    date: over.date === undefined ? '2099-03-02' : over.date,
    startTime: over.start === undefined ? '09:00' : over.start,
    endTime: over.end ?? null,
    durationHours: over.hours === undefined ? 2 : over.hours,
    location: over.location ?? null,
  };
  f.mileage = over.mileage ?? null;
  return f;
}

export const DEFAULT_RATES = {
  default: { hourly_rate: 50, mileage_rate: 0.67, fixed_service_fee: 0 },
};

export function createHarness(opts: {
  env: Record<string, string>;
  rates?: unknown;
  transport?: HttpTransport;
  now?: () => number;
  /** Reuse this folder (and its database) instead of a fresh temp dir; it is not removed on close. */
  dir?: string;
}): Harness {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'assistant-int-'));
  const ratesPath = join(dir, 'rates.json');
  if (opts.rates !== null) writeFileSync(ratesPath, JSON.stringify(opts.rates ?? DEFAULT_RATES));
  const config = loadConfig({
    env: {},
    readEnvFile: false,
    cwd: dir,
    overrides: {
      SQLITE_DB_PATH: join(dir, 'a.db'),
      CLIENT_BILLING_RATES_PATH: ratesPath,
      TIMEZONE: 'America/Chicago',
      ...opts.env,
    },
  });
  const db = openDatabase(config.SQLITE_DB_PATH);
  const transport = opts.transport ?? quickTransport();
  const planner = createActionPlanner({
    config,
    db,
    logger: silentLogger,
    transport,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const handlers = createActionHandlers({ config, db, logger: silentLogger, transport });
  const outcomes: Harness['outcomes'] = new Map();
  const history: AuthorizationHistoryItem[] = [];
  let nextId = 1;

  async function runAction(rec: ActionRecord, maxAttempts: number): Promise<void> {
    const handler = handlers.get(rec.type);
    if (!handler) throw new Error(`no handler for ${rec.type}`);
    const dependencies: Record<string, DependencyOutcome> = {};
    for (const k of rec.dependsOn) {
      const o = outcomes.get(k);
      if (o)
        dependencies[k] = {
          type: o.type,
          status: o.status,
          result: o.result,
          lastError: o.lastError,
        };
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await handler.run({
          action: { ...rec, attempts: attempt - 1 },
          authorization: {} as AuthorizationView,
          dependencies,
          signal: new AbortController().signal,
        });
        outcomes.set(rec.idempotencyKey, {
          type: rec.type,
          status: out.status,
          result:
            out.status === 'done'
              ? out.result
              : out.status === 'failed'
                ? (out.result ?? null)
                : null,
          lastError:
            out.status === 'failed' ? out.reason : out.status === 'skipped' ? out.reason : null,
          attempts: attempt,
          request: out.status === 'failed' ? null : (out.request ?? null),
        });
        return;
      } catch (err) {
        if (isAppError(err) && err.retryable && attempt < maxAttempts) continue;
        outcomes.set(rec.idempotencyKey, {
          type: rec.type,
          status: 'failed',
          result: null,
          lastError: `${isAppError(err) ? err.code : 'ERR'}: ${(err as Error).message}${isAppError(err) && err.vendorMessage ? ` (${err.vendorMessage})` : ''}`,
          attempts: attempt,
          request: null,
        });
        return;
      }
    }
  }

  return {
    dir,
    db,
    config,
    planner,
    handlers,
    outcomes,
    history,
    async process(a, o = {}) {
      const id = a.id ?? nextId++;
      nextId = Math.max(nextId, id + 1);
      const view: AuthorizationView = {
        id,
        authKey: a.authKey ?? authKey(a.fields) ?? `noid:${id}`,
        generation: a.generation ?? 1,
        kind: a.kind ?? 'new',
        fields: a.fields,
        calculatedMileage: null,
        timeZone: a.timeZone ?? 'America/Chicago',
        messageId: id,
        subject: null,
      };
      const plan = await planner.plan({
        authorization: view,
        history: history.filter((h) => h.authKey === view.authKey),
        approvedByUser: false,
      });
      const now = new Date().toISOString();
      const pending = plan.actions.map<ActionRecord>((p, i) => ({
        id: i + 1,
        authorizationId: id,
        type: p.type,
        idempotencyKey: p.idempotencyKey,
        dependsOn: p.dependsOn,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        lastErrorCode: null,
        payload: JSON.parse(JSON.stringify(p.payload)) as Record<string, unknown>,
        request: null,
        result: null,
        createdAt: now,
        updatedAt: now,
      }));
      // Dependencies first (the planner lists them in a valid order; check anyway).
      const done = new Set<string>();
      while (pending.length) {
        const idx = pending.findIndex((r) =>
          r.dependsOn.every((d) => done.has(d) || !pending.some((x) => x.idempotencyKey === d)),
        );
        const [rec] = pending.splice(idx < 0 ? 0 : idx, 1);
        await runAction(rec!, o.maxAttempts ?? 12);
        done.add(rec!.idempotencyKey);
      }
      history.push({
        ...view,
        calculatedMileage: plan.calculatedMileage,
        status: plan.status === 'queued' ? 'done' : 'needs_review',
      });
      return plan;
    },
    close() {
      closeDatabase(db);
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function outcomeOf(
  h: Harness,
  type: ActionType,
): (DependencyOutcome & { attempts: number; request: unknown }) | undefined {
  return [...h.outcomes.values()].reverse().find((o) => o.type === type);
}
