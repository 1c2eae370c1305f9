// Test doubles of the pipeline's ports, driven by headers in the test emails so each test
// says in its own fixtures what should happen:
//   X-Test-Auth: <number>        an authorization with that number (absent: ordinary mail)
//   X-Test-Kind: amendment|cancellation
//   X-Test-Review: <reason>      the planner asks for review
//   X-Test-Plan: retry-once|fail the planner throws (retryable once / for good)
//   X-Test-Action: retry-<n>|fail handlers throw retryable n times / fail for good
//   X-Test-Extract: throw        the extractor throws (it never should)
import type {
  ActionHandler,
  ActionOutcome,
  ActionPlanner,
  ActionType,
  PlanInput,
  PlanResult,
} from '../../src/core/actions.js';
import { AppError } from '../../src/core/errors.js';
import type { ExtractionRecord } from '../../src/core/extraction-record.js';
import { emptyFields } from '../../src/core/extraction-record.js';
import type { Extractor } from '../../src/core/extractor.js';

export function testHeaders(raw: Buffer): Map<string, string> {
  const text = raw.subarray(0, 16384).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const out = new Map<string, string>();
  for (const line of (end >= 0 ? text.slice(0, end) : text).split(/\r?\n/)) {
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return out;
}

/** Stores a few header facts in the record's description so the planner double can see them. */
export function createTestExtractor(): Extractor {
  return {
    async extract(raw: Buffer): Promise<ExtractionRecord> {
      const h = testHeaders(raw);
      if (h.get('x-test-extract') === 'throw') throw new Error('extractor exploded');
      const id = h.get('x-test-auth') ?? null;
      const fields = emptyFields();
      const control = ['x-test-review', 'x-test-plan', 'x-test-action']
        .filter((k) => h.has(k))
        .map((k) => `${k}=${h.get(k)}`)
        .join(';');
      return {
        ...fields,
        isAuthorization: id !== null,
        kind: id === null ? null : ((h.get('x-test-kind') as ExtractionRecord['kind']) ?? 'new'),
        authorizationId: id,
        client: { name: 'Agency', email: 'case@agency.test' },
        recipient: { name: id ? `Person ${id}` : null },
        service: {
          ...fields.service,
          description: control || null,
          date: id ? '2030-01-02' : null,
          durationHours: id ? 2 : null,
        },
        confidence: id ? 0.9 : 0.1,
        reasons: [id ? 'test header' : 'no test header'],
        warnings: raw.length === 0 ? ['empty'] : [],
        sources: {},
        timeZone: 'America/Chicago',
        email: {
          messageId: h.get('message-id') ?? null,
          subject: h.get('subject') ?? null,
          from: h.get('from') ?? null,
          date: null,
          attachments: [],
        },
      };
    },
  };
}

const flag = (input: PlanInput, name: string): string | null => {
  const m = new RegExp(`${name}=([^;]+)`).exec(
    input.authorization.fields.service.description ?? '',
  );
  return m ? m[1]! : null;
};

/** client → invoice → notify, keyed like a real planner would (by authKey and email). */
export function createTestPlanner(calls: PlanInput[] = []): ActionPlanner {
  const retried = new Set<number>();
  return {
    async plan(input: PlanInput): Promise<PlanResult> {
      calls.push(input);
      const a = input.authorization;
      const plan = flag(input, 'x-test-plan');
      if (plan === 'fail')
        throw new AppError('RATES_ERR_INVALID', 'rates file is broken', { retryable: false });
      if (plan === 'retry-once' && !retried.has(a.messageId)) {
        retried.add(a.messageId);
        throw new AppError('GEOCODING_ERR_NETWORK', 'geocoder unreachable', { retryable: true });
      }
      const review = flag(input, 'x-test-review');
      const notify = {
        type: 'webhook.notify' as const,
        idempotencyKey: `notify:${a.id}`,
        payload: {},
      };
      if (review && !input.approvedByUser) {
        return {
          status: 'needs_review',
          reviewReasons: [review],
          actions: [{ ...notify, dependsOn: [] }],
          calculatedMileage: null,
        };
      }
      const client = `client:${a.authKey}`;
      const invoice = `invoice:${a.authKey}:${a.kind}:${a.messageId}`;
      const earlier = input.history.map((h) => `invoice:${h.authKey}:${h.kind}:${h.messageId}`);
      return {
        status: 'queued',
        reviewReasons: [],
        actions: [
          {
            type: 'invoiceninja.ensure_client',
            idempotencyKey: client,
            dependsOn: [],
            payload: {},
          },
          {
            type: 'invoiceninja.create_invoice',
            idempotencyKey: invoice,
            dependsOn: [client, ...earlier],
            payload: { kind: a.kind },
          },
          {
            ...notify,
            idempotencyKey: `notify:${a.id}:${input.approvedByUser}`,
            dependsOn: [client, invoice],
          },
        ],
        calculatedMileage: null,
      };
    },
  };
}

export type Effect = (key: string, type: ActionType) => Promise<Record<string, unknown>>;

/** One handler per action type; `effect` performs (and counts) the external call. */
export function createTestHandlers(effect: Effect): Map<ActionType, ActionHandler> {
  const attempts = new Map<string, number>();
  const types: ActionType[] = [
    'invoiceninja.ensure_client',
    'invoiceninja.create_invoice',
    'invoiceninja.update_invoice',
    'invoiceninja.cancel_invoice',
    'calendar.create_event',
    'calendar.update_event',
    'calendar.delete_event',
    'webhook.notify',
  ];
  const handler = (type: ActionType): ActionHandler => ({
    type,
    async run(ctx): Promise<ActionOutcome> {
      const key = ctx.action.idempotencyKey;
      const mode = /x-test-action=([^;]+)/.exec(
        ctx.authorization.fields.service.description ?? '',
      )?.[1];
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (mode === 'fail' && type === 'invoiceninja.create_invoice') {
        throw new AppError('INVOICENINJA_ERR_VALIDATION', 'invoice rejected', {
          retryable: false,
          vendorMessage: 'bad date',
        });
      }
      const retries = mode?.startsWith('retry-') ? Number(mode.slice(6)) : 0;
      if (type === 'invoiceninja.create_invoice' && n <= retries) {
        throw new AppError('INVOICENINJA_ERR_SERVER', 'server error', {
          retryable: true,
          status: 503,
        });
      }
      return { status: 'done', result: await effect(key, type), request: { key } };
    },
  });
  return new Map(types.map((t) => [t, handler(t)]));
}

/** An in-memory ledger of external effects, idempotent by key like a real handler. */
export function memoryLedger(): { effect: Effect; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    calls,
    effect: async (key) => {
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return { externalId: `ext-${key}` };
    },
  };
}
