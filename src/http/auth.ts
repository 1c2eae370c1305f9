// Bearer-token authentication for the API and the WebSocket. The token is compared in constant
// time (sha256 digests of equal length); it is never logged or echoed.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return h.slice(7).startsWith('127.');
  return false;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison of a presented token with the configured one. */
export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented === '' || expected === '') return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1]?.trim() ?? null;
}

/**
 * The token a browser WebSocket offers: `Sec-WebSocket-Protocol: bearer, <token>` (browsers
 * cannot set Authorization on a WebSocket), else `?token=` in the URL.
 */
export function tokenFromWebSocketRequest(
  protocolHeader: string | undefined,
  query: unknown,
): string | null {
  if (protocolHeader) {
    const parts = protocolHeader.split(',').map((p) => p.trim());
    const i = parts.findIndex((p) => p.toLowerCase() === 'bearer');
    if (i >= 0 && parts[i + 1]) return parts[i + 1] ?? null;
  }
  if (query && typeof query === 'object' && 'token' in query) {
    const t = (query as { token?: unknown }).token;
    if (typeof t === 'string' && t !== '') return t;
  }
  return null;
}
