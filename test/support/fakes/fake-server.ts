// A tiny loopback HTTP server shared by every vendor fake: request recording, JSON helpers and
// fault injection (failNext / failWithProbability) applied before the vendor logic runs, or —
// for 'drop-after-commit' — after it committed its change but before the answer leaves.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultKind =
  | 500
  | 502
  | 503
  | 429
  | '429-retry-after'
  /** Google's rate-limit 403 (reason rateLimitExceeded). */
  | '403-rate-limit'
  /** Accept the request and never answer (the client's timeout must fire). */
  | 'timeout'
  /** Destroy the connection before doing anything. */
  | 'drop-before'
  /** Do the work (commit), then destroy the connection without answering. */
  | 'drop-after-commit'
  /** Do the work (commit), then never answer (for kill -9 tests: the caller dies waiting). */
  | 'hang-after-commit';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  at: number;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Raw text instead of JSON. */
  text?: string;
}

export type Matcher = (req: FakeRequest) => boolean;

interface PendingFault {
  kind: FaultKind;
  remaining: number;
  match: Matcher | undefined;
}

export interface FaultApi {
  /** The next `n` requests (matching `match`, if given) get `kind`. */
  failNext(n: number, kind: FaultKind, match?: Matcher): void;
  /** Every matching request fails with probability p (soak tests); p = 0 turns it off. */
  failWithProbability(p: number, kinds: FaultKind[], match?: Matcher, random?: () => number): void;
  clearFaults(): void;
}

export abstract class FakeServer implements FaultApi {
  readonly requests: FakeRequest[] = [];
  /** Faults actually injected, in order (for assertions that a fault did happen). */
  readonly injected: { kind: FaultKind; method: string; path: string }[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private faults: PendingFault[] = [];
  private probability: {
    p: number;
    kinds: FaultKind[];
    match?: Matcher;
    random: () => number;
  } | null = null;
  baseUrl = '';

  protected abstract handle(req: FakeRequest): FakeReply | Promise<FakeReply>;

  /** Body used for an injected HTTP error; vendors override to mimic their own error shapes. */
  protected faultBody(kind: FaultKind): FakeReply {
    if (kind === 429 || kind === '429-retry-after') {
      return {
        status: 429,
        headers: kind === '429-retry-after' ? { 'retry-after': '1' } : {},
        body: { message: 'Too many requests' },
      };
    }
    if (kind === '403-rate-limit') return { status: 403, body: { message: 'Rate Limit Exceeded' } };
    return { status: Number(kind), body: { message: 'Server Error' } };
  }

  failNext(n: number, kind: FaultKind, match?: Matcher): void {
    this.faults.push({ kind, remaining: n, match });
  }

  failWithProbability(
    p: number,
    kinds: FaultKind[],
    match?: Matcher,
    random: () => number = Math.random,
  ): void {
    this.probability = p > 0 ? { p, kinds, random, ...(match ? { match } : {}) } : null;
  }

  clearFaults(): void {
    this.faults = [];
    this.probability = null;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.onRequest(req, res);
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private takeFault(req: FakeRequest): FaultKind | null {
    for (const f of this.faults) {
      if (f.remaining > 0 && (!f.match || f.match(req))) {
        f.remaining -= 1;
        this.faults = this.faults.filter((x) => x.remaining > 0);
        return f.kind;
      }
    }
    const prob = this.probability;
    if (prob && (!prob.match || prob.match(req)) && prob.random() < prob.p) {
      return prob.kinds[Math.floor(prob.random() * prob.kinds.length)] ?? null;
    }
    return null;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const fakeReq: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    this.requests.push(fakeReq);
    const fault = this.takeFault(fakeReq);
    if (fault !== null) {
      this.injected.push({ kind: fault, method: fakeReq.method, path: fakeReq.path });
      if (fault === 'timeout') return; // never answer; the socket closes when the client gives up
      if (fault === 'drop-before') {
        req.socket.destroy();
        return;
      }
      if (fault !== 'drop-after-commit' && fault !== 'hang-after-commit') {
        this.send(res, this.faultBody(fault));
        return;
      }
    }
    let reply: FakeReply;
    try {
      reply = await this.handle(fakeReq);
    } catch (err) {
      reply = { status: 500, body: { message: `fake crashed: ${(err as Error).message}` } };
    }
    if (fault === 'drop-after-commit') {
      req.socket.destroy();
      return;
    }
    if (fault === 'hang-after-commit') return;
    this.send(res, reply);
  }

  private send(res: ServerResponse, reply: FakeReply): void {
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload = '';
    if (reply.text !== undefined) payload = reply.text;
    else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }
}

export function jsonBody(req: FakeRequest): Record<string, unknown> {
  if (!req.rawBody) return {};
  try {
    const v = JSON.parse(req.rawBody) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
