// A fake of Google's OAuth endpoints (token: refresh and PKCE code exchange; a consent page
// that approves at once and redirects) and Calendar v3 events, per
// ../shared/contracts/google-calendar: id regex, 409 duplicate even after delete, 410 on a
// second delete, 44-char extended property keys, invalid_grant, Google's error envelope.
import { createHash, randomBytes } from 'node:crypto';
import {
  FakeServer,
  jsonBody,
  type FakeReply,
  type FakeRequest,
  type FaultKind,
} from './fake-server.js';

export interface FakeEvent {
  id: string;
  status: 'confirmed' | 'cancelled';
  summary?: string;
  description?: string;
  location?: string;
  start?: Record<string, unknown>;
  end?: Record<string, unknown>;
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  [k: string]: unknown;
}

const ID_RE = /^[a-v0-9]{5,1024}$/;

function gError(status: number, reason: string, message: string, domain = 'global'): FakeReply {
  return {
    status,
    body: { error: { errors: [{ domain, reason, message }], code: status, message } },
  };
}

export class GoogleFake extends FakeServer {
  readonly clientId = 'fake-client-id.apps.googleusercontent.com';
  readonly clientSecret = 'fake-client-secret-xyz';
  /** Refresh tokens the fake accepts; remove one to simulate revocation / 7-day expiry. */
  readonly refreshTokens = new Set<string>(['1//fake-refresh-token']);
  readonly accessTokens = new Map<string, number>(); // token → expiry ms
  /** calendarId → events by id (deleted ones stay, status cancelled). */
  readonly calendars = new Map<string, Map<string, FakeEvent>>([['primary', new Map()]]);
  accessTokenTtlSeconds = 3600;
  tokenRequests = 0;
  private readonly codes = new Map<
    string,
    { challenge: string; method: string; redirectUri: string; clientId: string }
  >();

  get refreshToken(): string {
    return [...this.refreshTokens][0] ?? '';
  }

  /** Live (not cancelled) events of a calendar. */
  events(calendarId = 'primary'): FakeEvent[] {
    return [...(this.calendars.get(calendarId)?.values() ?? [])].filter(
      (e) => e.status !== 'cancelled',
    );
  }

  /** Makes every issued access token invalid (the next API call gets 401). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  protected override faultBody(kind: FaultKind): FakeReply {
    if (kind === '403-rate-limit')
      return gError(403, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
    if (kind === 429 || kind === '429-retry-after') {
      const r = gError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
      if (kind === '429-retry-after') r.headers = { 'retry-after': '1' };
      return r;
    }
    return gError(Number(kind), 'backendError', 'Backend Error');
  }

  protected handle(req: FakeRequest): FakeReply {
    if (req.path === '/token' && req.method === 'POST') return this.token(req);
    if (req.path === '/auth' && req.method === 'GET') return this.consent(req);
    const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(req.path);
    if (!m) return gError(404, 'notFound', 'Not Found');
    const auth = String(req.headers.authorization ?? '');
    const tok = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const exp = this.accessTokens.get(tok);
    if (exp === undefined || exp < Date.now()) {
      const r = gError(401, 'authError', 'Invalid Credentials');
      r.headers = {
        'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
      };
      return r;
    }
    const calendarId = decodeURIComponent(m[1]!);
    const cal = this.calendars.get(calendarId);
    if (!cal) return gError(404, 'notFound', 'Not Found');
    const eventId = m[2] ? decodeURIComponent(m[2]) : undefined;
    if (!eventId) {
      if (req.method === 'POST') return this.insert(cal, jsonBody(req));
      if (req.method === 'GET') return this.list(cal, req.query);
      return gError(405, 'methodNotAllowed', 'Method not allowed');
    }
    const ev = cal.get(eventId);
    if (!ev) return gError(404, 'notFound', 'Not Found');
    switch (req.method) {
      case 'GET':
        return { status: 200, body: ev };
      case 'DELETE':
        if (ev.status === 'cancelled') return gError(410, 'deleted', 'Resource has been deleted');
        ev.status = 'cancelled';
        return { status: 204 };
      case 'PATCH': {
        const body = jsonBody(req);
        for (const [k, v] of Object.entries(body)) {
          if (k === 'id') continue;
          if (k === 'extendedProperties') ev.extendedProperties = cleanProps(v);
          else ev[k] = v;
        }
        return { status: 200, body: ev };
      }
      case 'PUT': {
        const body = jsonBody(req);
        const next: FakeEvent = { id: ev.id, status: ev.status };
        for (const [k, v] of Object.entries(body)) if (k !== 'id') next[k] = v;
        if (body.extendedProperties) next.extendedProperties = cleanProps(body.extendedProperties);
        cal.set(ev.id, next);
        return { status: 200, body: next };
      }
      default:
        return gError(405, 'methodNotAllowed', 'Method not allowed');
    }
  }

  private token(req: FakeRequest): FakeReply {
    this.tokenRequests += 1;
    const form = new URLSearchParams(req.rawBody);
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return { status: 401, body: { error: 'invalid_client', error_description: 'Unauthorized' } };
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      if (!this.refreshTokens.has(form.get('refresh_token') ?? ''))
        return {
          status: 400,
          body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
        };
      return { status: 200, body: this.issue(false) };
    }
    if (grant === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        !code ||
        code.redirectUri !== form.get('redirect_uri') ||
        code.method !== 'S256' ||
        code.challenge !== challenge
      )
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
      this.codes.delete(form.get('code') ?? '');
      const refresh = `1//${randomBytes(12).toString('hex')}`;
      this.refreshTokens.add(refresh);
      return { status: 200, body: { ...this.issue(true), refresh_token: refresh } };
    }
    return {
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' },
    };
  }

  private issue(_withRefresh: boolean): Record<string, unknown> {
    const access = `ya29.${randomBytes(16).toString('hex')}`;
    this.accessTokens.set(access, Date.now() + this.accessTokenTtlSeconds * 1000);
    return {
      access_token: access,
      expires_in: this.accessTokenTtlSeconds,
      scope: 'https://www.googleapis.com/auth/calendar.events',
      token_type: 'Bearer',
    };
  }

  /** The consent page: approves at once and redirects back with a code (the user clicked Allow). */
  private consent(req: FakeRequest): FakeReply {
    const q = req.query;
    const redirect = q.get('redirect_uri') ?? '';
    const problems: string[] = [];
    if (q.get('client_id') !== this.clientId) problems.push('client_id');
    if (q.get('response_type') !== 'code') problems.push('response_type');
    if (q.get('access_type') !== 'offline') problems.push('access_type');
    if (q.get('prompt') !== 'consent') problems.push('prompt');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      problems.push('pkce');
    if (!/^http:\/\/127\.0\.0\.1:\d+(\/.*)?$/.test(redirect)) problems.push('redirect_uri');
    if (
      !(q.get('scope') ?? '').split(' ').includes('https://www.googleapis.com/auth/calendar.events')
    )
      problems.push('scope');
    if (problems.length)
      return { status: 400, text: `Error 400: invalid_request (${problems.join(', ')})` };
    const code = `4/${randomBytes(10).toString('hex')}`;
    this.codes.set(code, {
      challenge: q.get('code_challenge')!,
      method: 'S256',
      redirectUri: redirect,
      clientId: q.get('client_id')!,
    });
    const to = new URL(redirect);
    to.searchParams.set('code', code);
    if (q.get('state') !== null) to.searchParams.set('state', q.get('state')!);
    to.searchParams.set('scope', q.get('scope')!);
    return { status: 302, headers: { location: to.toString() }, text: '' };
  }

  private insert(cal: Map<string, FakeEvent>, body: Record<string, unknown>): FakeReply {
    let id = typeof body.id === 'string' ? body.id : '';
    if (id && !ID_RE.test(id)) return gError(400, 'invalid', 'Invalid resource id value.');
    if (id && cal.has(id))
      return gError(409, 'duplicate', 'The requested identifier already exists.');
    if (!body.start || !body.end) return gError(400, 'required', 'Missing end time.');
    if (!id) id = randomBytes(13).toString('hex').replace(/[w-z]/g, '0');
    const ev: FakeEvent = { ...body, id, status: 'confirmed' };
    if (body.extendedProperties) ev.extendedProperties = cleanProps(body.extendedProperties);
    cal.set(id, ev);
    return { status: 200, body: ev };
  }

  private list(cal: Map<string, FakeEvent>, q: URLSearchParams): FakeReply {
    let items = [...cal.values()];
    if (q.get('showDeleted') !== 'true') items = items.filter((e) => e.status !== 'cancelled');
    for (const p of q.getAll('privateExtendedProperty')) {
      const [k, v] = [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)];
      items = items.filter((e) => e.extendedProperties?.private?.[k] === v);
    }
    return { status: 200, body: { kind: 'calendar#events', items } };
  }
}

/** Google silently drops extended property keys longer than 44 characters. */
function cleanProps(v: unknown): FakeEvent['extendedProperties'] {
  const src = (v ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const out: NonNullable<FakeEvent['extendedProperties']> = {};
  for (const scope of ['private', 'shared'] as const) {
    const props = src[scope];
    if (!props) continue;
    out[scope] = Object.fromEntries(
      Object.entries(props)
        .filter(([k]) => k.length <= 44)
        .map(([k, val]) => [k, String(val)]),
    );
  }
  return out;
}
