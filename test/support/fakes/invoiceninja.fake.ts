// A fake InvoiceNinja v5 that behaves like the server as described in
// ../shared/contracts/README.md: token check (403 with the exact body), 302 on validation
// failures without X-Requested-With/Accept, {data} envelopes, hashids, status=active,
// per_page 20, unique invoice numbers incl. archived, `_Deleted` rename, bulk cancel that is a
// no-op on drafts, duplicate bulk within 1 s → 400.
import { FakeServer, jsonBody, type FakeReply, type FakeRequest } from './fake-server.js';

export interface FakeContact {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
}
export interface FakeClient {
  id: string;
  name: string;
  id_number: string;
  number: string;
  contacts: FakeContact[];
  archived_at: number;
  is_deleted: boolean;
}
export interface FakeLineItem {
  product_key: string;
  notes: string;
  cost: number;
  quantity: number;
  [k: string]: unknown;
}
export interface FakeInvoice {
  id: string;
  client_id: string;
  number: string;
  po_number: string;
  date: string;
  public_notes: string;
  status_id: string;
  amount: number;
  balance: number;
  line_items: FakeLineItem[];
  archived_at: number;
  is_deleted: boolean;
}

const HASH_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Hashid-looking ids (10 chars) derived from the row number, like the server's. */
export function fakeHashId(n: number, salt: string): string {
  let x = (n * 2654435761 + salt.length * 97) >>> 0;
  let out = '';
  for (let i = 0; i < 10; i++) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + i * 374761393 + n) >>> 0;
    out += HASH_ALPHABET[x % HASH_ALPHABET.length];
  }
  return out;
}

export class InvoiceNinjaFake extends FakeServer {
  readonly token: string;
  readonly clients: FakeClient[] = [];
  readonly invoices: FakeInvoice[] = [];
  private seq = 0;
  private readonly recentBulk = new Map<string, number>();

  constructor(token = 'in-test-token-0123456789') {
    super();
    this.token = token;
  }

  /** Clients and invoices as a user would see them in the UI (not deleted). */
  liveClients(): FakeClient[] {
    return this.clients.filter((c) => !c.is_deleted);
  }
  liveInvoices(): FakeInvoice[] {
    return this.invoices.filter((i) => !i.is_deleted);
  }

  protected handle(req: FakeRequest): FakeReply {
    if (req.headers['x-api-token'] !== this.token) {
      return { status: 403, body: { message: 'Invalid token', errors: {} } };
    }
    const ajax =
      req.headers['x-requested-with'] === 'XMLHttpRequest' &&
      String(req.headers.accept ?? '').includes('application/json');
    const hasJson = String(req.headers['content-type'] ?? '').includes('application/json');
    const body = hasJson ? jsonBody(req) : {};
    const invalid = (errors: Record<string, string[]>): FakeReply =>
      ajax
        ? { status: 422, body: { message: 'The given data was invalid.', errors } }
        : { status: 302, headers: { location: this.baseUrl + '/' }, text: '' };
    const parts = req.path.replace(/^\/api\/v1\//, '').split('/');
    const [resource, idOrAction] = parts;
    if (!req.path.startsWith('/api/v1/')) return { status: 404, body: { message: 'Not found' } };

    if (resource === 'ping' || resource === 'companies') {
      return { status: 200, body: { data: [], meta: {} } };
    }
    if (resource === 'clients') {
      if (req.method === 'GET' && !idOrAction) return this.list(this.clients, req, clientMatches);
      if (req.method === 'POST' && !idOrAction) return this.createClient(body, invalid);
      const client = this.clients.find((c) => c.id === idOrAction);
      if (!client) return { status: 400, body: { message: 'Invalid ID' } };
      if (req.method === 'GET') return { status: 200, body: { data: client } };
      if (req.method === 'PUT') {
        if (typeof body.name === 'string') client.name = body.name;
        if (Array.isArray(body.contacts)) client.contacts = body.contacts.map(toContact);
        return { status: 200, body: { data: client } };
      }
    }
    if (resource === 'invoices') {
      if (req.method === 'GET' && !idOrAction) return this.list(this.invoices, req, invoiceMatches);
      if (req.method === 'POST' && idOrAction === 'bulk') return this.bulk(body, req);
      if (req.method === 'POST' && !idOrAction) return this.createInvoice(body, req, invalid);
      const inv = this.invoices.find((i) => i.id === idOrAction);
      if (!inv) return { status: 400, body: { message: 'Invalid ID' } };
      if (req.method === 'GET') return { status: 200, body: { data: inv } };
      if (req.method === 'PUT') {
        if (
          body.number !== undefined &&
          body.number !== inv.number &&
          this.numberTaken(body.number)
        )
          return invalid({ number: ['The number has already been taken.'] });
        applyInvoiceFields(inv, body);
        return { status: 200, body: { data: inv } };
      }
    }
    return { status: 404, body: { message: 'Not found' } };
  }

  private nextId(): string {
    this.seq += 1;
    return fakeHashId(this.seq, 'invoiceninja');
  }

  private list<T extends { archived_at: number; is_deleted: boolean }>(
    rows: T[],
    req: FakeRequest,
    matches: (row: T, q: URLSearchParams) => boolean,
  ): FakeReply {
    const q = req.query;
    let out = rows.filter((r) => matches(r, q));
    const status = q.get('status');
    if (status) {
      const wanted = new Set(status.split(','));
      out = out.filter(
        (r) =>
          (wanted.has('active') && !r.is_deleted && !r.archived_at) ||
          (wanted.has('archived') && !r.is_deleted && !!r.archived_at) ||
          (wanted.has('deleted') && r.is_deleted),
      );
    }
    const perPage = Math.max(1, Number(q.get('per_page') ?? 20) || 20);
    const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
    // No default order on the server: without sort, return newest first to catch callers
    // that assume insertion order.
    if (!q.get('sort')) out = [...out].reverse();
    const slice = out.slice((page - 1) * perPage, page * perPage);
    return {
      status: 200,
      body: {
        data: slice,
        meta: {
          pagination: {
            total: out.length,
            count: slice.length,
            per_page: perPage,
            current_page: page,
            total_pages: Math.max(1, Math.ceil(out.length / perPage)),
            links: {},
          },
        },
      },
    };
  }

  private createClient(
    body: Record<string, unknown>,
    invalid: (e: Record<string, string[]>) => FakeReply,
  ): FakeReply {
    const contacts = Array.isArray(body.contacts) ? body.contacts.map(toContact) : [];
    const errors: Record<string, string[]> = {};
    contacts.forEach((c, i) => {
      if (c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email))
        errors[`contacts.${i}.email`] = [
          'The contacts.' + i + '.email must be a valid email address.',
        ];
    });
    const idNumber = typeof body.id_number === 'string' ? body.id_number : '';
    if (idNumber && this.clients.some((c) => c.id_number === idNumber))
      errors.id_number = ['The id number has already been taken.'];
    if (Object.keys(errors).length) return invalid(errors);
    const client: FakeClient = {
      id: this.nextId(),
      name: typeof body.name === 'string' ? body.name : '',
      id_number: idNumber,
      number: String(this.clients.length + 1).padStart(4, '0'),
      contacts,
      archived_at: 0,
      is_deleted: false,
    };
    this.clients.push(client);
    return { status: 200, body: { data: client } };
  }

  private numberTaken(number: unknown): boolean {
    return this.invoices.some((i) => i.number === number);
  }

  private createInvoice(
    body: Record<string, unknown>,
    req: FakeRequest,
    invalid: (e: Record<string, string[]>) => FakeReply,
  ): FakeReply {
    const errors: Record<string, string[]> = {};
    const clientId = typeof body.client_id === 'string' ? body.client_id : '';
    if (!clientId) errors.client_id = ['The client id field is required.'];
    else if (!this.clients.some((c) => c.id === clientId && !c.is_deleted))
      errors.client_id = ['The selected client id is invalid.'];
    let number = typeof body.number === 'string' ? body.number : '';
    if (number && this.numberTaken(number)) errors.number = ['The number has already been taken.'];
    if (Object.keys(errors).length) return invalid(errors);
    if (!number) number = String(this.invoices.length + 1).padStart(4, '0');
    const inv: FakeInvoice = {
      id: this.nextId(),
      client_id: clientId,
      number,
      po_number: '',
      date: new Date().toISOString().slice(0, 10),
      public_notes: '',
      status_id: '1',
      amount: 0,
      balance: 0,
      line_items: [],
      archived_at: 0,
      is_deleted: false,
    };
    applyInvoiceFields(inv, body);
    if (req.query.get('mark_sent') === 'true') inv.status_id = '2';
    this.invoices.push(inv);
    return { status: 200, body: { data: inv } };
  }

  private bulk(body: Record<string, unknown>, req: FakeRequest): FakeReply {
    const action = String(body.action ?? '');
    const ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
    const key = `${action}:${[...ids].sort().join(',')}`;
    const last = this.recentBulk.get(key);
    this.recentBulk.set(key, req.at);
    if (last !== undefined && req.at - last < 1000) {
      return { status: 400, body: { message: 'Duplicate request' } };
    }
    const rows = ids.map((id) => this.invoices.find((i) => i.id === id));
    if (rows.some((r) => !r)) return { status: 400, body: { message: 'Invalid ID' } };
    for (const inv of rows as FakeInvoice[]) {
      if (action === 'delete' && !inv.is_deleted) {
        inv.is_deleted = true;
        inv.number = `${inv.number}_Deleted`;
      } else if (action === 'archive') inv.archived_at = Math.floor(req.at / 1000);
      else if (action === 'restore') {
        inv.archived_at = 0;
        if (inv.is_deleted) {
          inv.is_deleted = false;
          inv.number = inv.number.replace(/_Deleted$/, '');
        }
      } else if (action === 'cancel' && ['2', '3'].includes(inv.status_id)) inv.status_id = '5';
      else if (action === 'mark_sent' && inv.status_id === '1') inv.status_id = '2';
    }
    return { status: 200, body: { data: rows } };
  }
}

function toContact(raw: unknown): FakeContact {
  const c = (raw ?? {}) as Record<string, unknown>;
  const s = (k: string): string => (typeof c[k] === 'string' ? (c[k] as string) : '');
  return {
    first_name: s('first_name'),
    last_name: s('last_name'),
    email: s('email'),
    phone: s('phone'),
  };
}

function applyInvoiceFields(inv: FakeInvoice, body: Record<string, unknown>): void {
  for (const k of ['number', 'po_number', 'date', 'public_notes'] as const) {
    if (typeof body[k] === 'string') inv[k] = body[k] as string;
  }
  if (Array.isArray(body.line_items)) {
    inv.line_items = body.line_items.map((raw) => {
      const l = (raw ?? {}) as Record<string, unknown>;
      return {
        ...l,
        product_key: String(l.product_key ?? ''),
        notes: String(l.notes ?? ''),
        cost: Number(l.cost ?? 0),
        quantity: Number(l.quantity ?? 0), // a missing quantity is 0, as on the server
      };
    });
    // The server recomputes totals, rounding each line to the cent (half up), then summing.
    const cents = inv.line_items.reduce(
      (sum, l) =>
        sum + Math.floor((Math.round(l.cost * 100) * Math.round(l.quantity * 100) + 50) / 100),
      0,
    );
    inv.amount = cents / 100;
    inv.balance = inv.status_id === '1' ? 0 : inv.amount;
  }
}

function clientMatches(c: FakeClient, q: URLSearchParams): boolean {
  const email = q.get('email');
  if (email !== null && !c.contacts.some((x) => x.email === email)) return false;
  const name = q.get('name');
  if (name !== null && !c.name.toLowerCase().includes(name.toLowerCase())) return false;
  const idNumber = q.get('id_number');
  if (idNumber !== null && c.id_number !== idNumber) return false;
  const number = q.get('number');
  if (number !== null && c.number !== number) return false;
  const filter = q.get('filter');
  if (filter !== null) {
    const f = filter.toLowerCase();
    const hay = [c.name, c.id_number, c.number, ...c.contacts.map((x) => x.email)];
    if (!hay.some((h) => h.toLowerCase().includes(f))) return false;
  }
  return true;
}

function invoiceMatches(i: FakeInvoice, q: URLSearchParams): boolean {
  const number = q.get('number');
  if (number !== null && i.number !== number) return false;
  const filter = q.get('filter');
  if (filter !== null) {
    const f = filter.toLowerCase();
    if (![i.number, i.po_number, i.public_notes].some((h) => h.toLowerCase().includes(f)))
      return false;
  }
  const clientId = q.get('client_id');
  if (clientId !== null && i.client_id !== clientId) return false;
  return true;
}
