// The default HttpTransport: node:http/https over pooled keep-alive sockets. One Agent per
// protocol (bounded sockets per origin; idle sockets closed before a typical server's keep-alive
// ends, so a stale one is rarely reused), one timer per call for connect + answer + body, the
// caller's signal watched by a single listener — no Request/Response objects, no AbortSignal.any.
import http from 'node:http';
import https from 'node:https';
import {
  TransportError,
  type HttpTransport,
  type ResponseHeaders,
  type TransportRequest,
  type TransportResponse,
} from './http-transport.js';

export interface NodeTransportOptions {
  /** Concurrent sockets per origin (default 16; the dispatcher runs a few actions at once). */
  maxSocketsPerOrigin?: number;
  /** Idle keep-alive sockets are closed after this (default 4 s; Node and Apache servers keep 5 s). */
  freeSocketTimeoutMs?: number;
  /** Larger answers are refused (default 10 MB). */
  maxBodyBytes?: number;
}

export interface NodeTransport extends HttpTransport {
  /** Closes every pooled socket (tests, shutdown). In-flight requests fail as network errors. */
  close(): void;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 20; // as fetch
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function createNodeTransport(opts: NodeTransportOptions = {}): NodeTransport {
  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    maxSockets: opts.maxSocketsPerOrigin ?? 16,
    maxFreeSockets: opts.maxSocketsPerOrigin ?? 16,
    maxTotalSockets: 64,
    // On a free socket this is the idle timeout (Node also honours a shorter Keep-Alive hint
    // from the server); on a busy one it only emits an event nobody listens to.
    timeout: opts.freeSocketTimeoutMs ?? 4000,
    scheduling: 'lifo',
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    send: (req) => send(req, httpAgent, httpsAgent, maxBody),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

let shared: NodeTransport | null = null;

/** The process-wide transport every adapter uses unless given another. */
export function defaultTransport(): NodeTransport {
  shared ??= createNodeTransport();
  return shared;
}

function send(
  spec: TransportRequest,
  httpAgent: http.Agent,
  httpsAgent: https.Agent,
  maxBody: number,
): Promise<TransportResponse> {
  return new Promise<TransportResponse>((resolve, reject) => {
    const signal = spec.signal;
    if (signal?.aborted) {
      reject(new TransportError('cancelled', 'aborted'));
      return;
    }
    let current: http.ClientRequest | null = null;
    let settled = false;
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: TransportError): void => {
      if (settled) return;
      finish();
      // A socket in an unknown state never goes back to the pool.
      current?.destroy();
      reject(err);
    };
    const onAbort = (): void => fail(new TransportError('cancelled', 'aborted'));
    const timer = setTimeout(
      () => fail(new TransportError('timeout', 'no answer', spec.timeoutMs)),
      spec.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort);

    const hop = (
      url: string,
      method: string,
      headers: Record<string, string>,
      body: string | undefined,
      left: number,
    ): void => {
      let req: http.ClientRequest;
      try {
        const scheme = url.slice(0, 6).toLowerCase();
        if (scheme === 'https:') req = https.request(url, { method, headers, agent: httpsAgent });
        else if (scheme.startsWith('http:'))
          req = http.request(url, { method, headers, agent: httpAgent });
        // Not http(s): ERR_INVALID_URL for a placeholder, as fetch would say; else the scheme.
        else throw new TransportError('network', `unsupported scheme ${new URL(url).protocol}`);
      } catch (err) {
        fail(
          err instanceof TransportError
            ? err
            : new TransportError('network', errorDetail(err), 0, err),
        );
        return;
      }
      current = req;
      // Stays attached after settling: a late socket error must not become an unhandled 'error'.
      req.on('error', (err) => fail(new TransportError('network', errorDetail(err), 0, err)));
      req.on('response', (res) => {
        if (settled) {
          res.resume();
          return;
        }
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (spec.redirect !== 'manual' && REDIRECT_STATUSES.has(status) && location) {
          res.resume(); // drain, so the socket can be reused
          if (spec.redirect === 'error' || left <= 0) {
            fail(
              new TransportError(
                'network',
                left <= 0 ? 'too many redirects' : 'unexpected redirect',
              ),
            );
            return;
          }
          let next: URL;
          try {
            next = new URL(location, url);
          } catch (err) {
            fail(new TransportError('network', 'bad redirect location', 0, err));
            return;
          }
          const toGet =
            status === 303
              ? method !== 'HEAD'
              : (status === 301 || status === 302) && method === 'POST';
          hop(
            next.toString(),
            toGet ? 'GET' : method,
            redirectHeaders(headers, url, next, toGet),
            toGet ? undefined : body,
            left - 1,
          );
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (declared > maxBody) {
          fail(new TransportError('too-large', `content-length ${declared}`, maxBody));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody)
            fail(new TransportError('too-large', `more than ${maxBody} bytes`, maxBody));
          else chunks.push(chunk);
        });
        res.on('error', (err) => fail(new TransportError('network', errorDetail(err), 0, err)));
        res.on('close', () => {
          if (!res.complete) fail(new TransportError('network', 'ECONNRESET'));
        });
        res.on('end', () => {
          if (settled) return;
          finish();
          resolve({
            status,
            headers: new NodeResponseHeaders(res.headers),
            text: decodeUtf8(chunks, size),
          });
        });
      });
      req.end(body);
    };

    hop(spec.url, spec.method, requestHeaders(spec), spec.body, MAX_REDIRECTS);
  });
}

/** The caller's headers plus what fetch adds by default, and the body's length. */
function requestHeaders(spec: TransportRequest): Record<string, string> {
  const out: Record<string, string> = {};
  let accept = false;
  let agent = false;
  for (const k in spec.headers) {
    const lower = k.toLowerCase();
    if (lower === 'accept') accept = true;
    else if (lower === 'user-agent') agent = true;
    else if (lower === 'content-length') continue;
    out[k] = spec.headers[k]!;
  }
  if (!accept) out['accept'] = '*/*';
  if (!agent) out['user-agent'] = 'node';
  if (spec.body !== undefined) out['content-length'] = String(Buffer.byteLength(spec.body));
  return out;
}

/** As fetch: a redirect turned into GET drops the body headers; another origin gets no credentials. */
function redirectHeaders(
  headers: Record<string, string>,
  from: string,
  to: URL,
  toGet: boolean,
): Record<string, string> {
  const crossOrigin = new URL(from).origin !== to.origin;
  const out: Record<string, string> = {};
  for (const k in headers) {
    const lower = k.toLowerCase();
    if (toGet && (lower === 'content-length' || lower === 'content-type')) continue;
    if (crossOrigin && (lower === 'authorization' || lower === 'cookie')) continue;
    out[k] = headers[k]!;
  }
  return out;
}

function decodeUtf8(chunks: Buffer[], size: number): string {
  const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // as Response.text(): BOM dropped
}

function errorDetail(err: unknown): string {
  const e = err as { code?: unknown; errors?: { code?: unknown }[] } | null;
  if (typeof e?.code === 'string') return e.code;
  // Happy-eyeballs connects fail with an AggregateError of one error per address.
  const inner = e?.errors?.[0]?.code;
  if (typeof inner === 'string') return inner;
  return err instanceof Error ? err.message : String(err);
}

class NodeResponseHeaders implements ResponseHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }
}
