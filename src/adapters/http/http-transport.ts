// The port sendRequest speaks to: one request out (string body, one overall timeout, the
// caller's abort signal, a redirect mode), status + headers + UTF-8 text back, or a
// TransportError saying why not. The default is node-transport.ts; tests wrap or replace it.

export type RedirectMode = 'manual' | 'follow' | 'error';

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Already serialised (JSON or form); sent with its content-length. */
  body?: string | undefined;
  /** One budget for connect + answer + body (and every hop of a followed redirect). */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  redirect: RedirectMode;
}

/** The part of the Fetch API's Headers that readers use: case-insensitive, null when absent. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

export interface HttpTransport {
  send(req: TransportRequest): Promise<TransportResponse>;
}

/**
 * Why no answer came back. `network` covers refused/reset/dropped connections and bad URLs;
 * `detail` is the system code (ECONNRESET) or a short reason.
 */
export type TransportFailure = 'timeout' | 'cancelled' | 'network' | 'too-large';

export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    readonly detail: string,
    /** The timeout that ran out (kind 'timeout'), or the body limit (kind 'too-large'). */
    readonly limit = 0,
    cause?: unknown,
  ) {
    super(`${kind}: ${detail}`, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
  }
}
