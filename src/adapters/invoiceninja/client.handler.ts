// invoiceninja.ensure_client: the agency as an InvoiceNinja client, found among active clients
// by contact email, then by exact name, created only when absent; the mapping is kept in
// external_refs. Concurrent actions for one agency are serialised so two never both create.
import type { ActionHandler } from '../../core/actions.js';
import { AppError } from '../../core/errors.js';
import type { ClientPayload } from '../../core/planning/payloads.js';
import type { ExternalRefRepository } from '../sqlite/external-ref.repository.js';
import type { InvoiceNinjaApi } from './invoiceninja.api.js';
import type { InClient } from './invoiceninja.types.js';

export interface InvoiceNinjaHandlerDeps {
  /** null when not configured or DRY_RUN (then `skipReason` says which). */
  api: InvoiceNinjaApi | null;
  previewApi: InvoiceNinjaApi;
  skipReason: string;
  refs: ExternalRefRepository;
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `fn` after any other run holding the same key (in this process). */
export async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(key) ?? Promise.resolve();
  const run = prev.catch(() => undefined).then(fn);
  locks.set(key, run);
  try {
    return await run;
  } finally {
    if (locks.get(key) === run) locks.delete(key);
  }
}

export function clientBody(p: ClientPayload): Record<string, unknown> {
  return {
    name: p.name ?? p.email ?? p.clientKey,
    contacts: p.email ? [{ first_name: '', last_name: '', email: p.email, phone: '' }] : [],
  };
}

export async function findClient(
  api: InvoiceNinjaApi,
  p: ClientPayload,
  signal: AbortSignal,
): Promise<InClient | null> {
  const base = { status: 'active', sort: 'id|asc', per_page: 100 };
  if (p.email) {
    const byEmail = await api.call<InClient[]>('GET', 'clients', {
      query: { ...base, email: p.email },
      signal,
    });
    const hit = byEmail.find((c) =>
      c.contacts?.some((x) => x.email?.toLowerCase() === p.email!.toLowerCase()),
    );
    if (hit) return hit;
  }
  if (p.name) {
    const want = p.name.trim().toLowerCase();
    const byName = await api.call<InClient[]>('GET', 'clients', {
      query: { ...base, name: p.name },
      signal,
    });
    const hit = byName.find((c) => c.name.trim().toLowerCase() === want);
    if (hit) return hit;
  }
  return null;
}

export function ensureClientHandler(deps: InvoiceNinjaHandlerDeps): ActionHandler {
  return {
    type: 'invoiceninja.ensure_client',
    async run(ctx) {
      const p = ctx.action.payload as unknown as ClientPayload;
      if (!deps.api) {
        return {
          status: 'skipped',
          reason: deps.skipReason,
          request: deps.previewApi.preview('POST', 'clients', undefined, clientBody(p)),
        };
      }
      const api = deps.api;
      if (!p.name && !p.email) {
        throw new AppError(
          'ACTION_ERR_DEPENDENCY_FAILED',
          'the agency has neither a name nor an email',
          {
            retryable: false,
          },
        );
      }
      return withLock(`client:${p.clientKey}`, async () => {
        const known = deps.refs.get('invoiceninja.client', p.clientKey);
        if (known) {
          try {
            const c = await api.call<InClient>('GET', `clients/${known.externalId}`, {
              signal: ctx.signal,
            });
            if (!c.is_deleted)
              return { status: 'done', result: { clientId: c.id, created: false } };
          } catch (err) {
            if (!(err instanceof AppError) || err.code !== 'INVOICENINJA_ERR_NOT_FOUND') throw err;
          }
          deps.refs.remove('invoiceninja.client', p.clientKey);
        }
        const found = await findClient(api, p, ctx.signal);
        if (found) {
          deps.refs.put('invoiceninja.client', p.clientKey, found.id, { name: found.name });
          return { status: 'done', result: { clientId: found.id, created: false } };
        }
        const body = clientBody(p);
        const created = await api.call<InClient>('POST', 'clients', { body, signal: ctx.signal });
        deps.refs.put('invoiceninja.client', p.clientKey, created.id, { name: created.name });
        return {
          status: 'done',
          result: { clientId: created.id, created: true },
          request: api.preview('POST', 'clients', undefined, body),
        };
      });
    },
  };
}
