// Nominatim-compatible geocoding with the cache in front (hits and misses), an identifying
// User-Agent, and at most one request per second to the public OpenStreetMap server.
import { AppError } from '../../core/errors.js';
import type { GeocodingCacheRepository, GeoPoint } from '../sqlite/geocoding-cache.repository.js';
import { retryAfterMs, sendRequest } from '../http/http-request.js';
import type { HttpTransport } from '../http/http-transport.js';

export const GEOCODING_TIMEOUT_MS = 10_000;
const PUBLIC_HOSTS = new Set(['nominatim.openstreetmap.org']);

export interface Geocoder {
  geocode(address: string, signal?: AbortSignal): Promise<GeoPoint | null>;
}

export interface GeocoderOptions {
  baseUrl: string;
  userAgent: string;
  cache: GeocodingCacheRepository;
  /** Default: the shared keep-alive transport. */
  transport?: HttpTransport | undefined;
}

export function createGeocoder(opts: GeocoderOptions): Geocoder {
  const isPublic = PUBLIC_HOSTS.has(new URL(opts.baseUrl).hostname);
  let queue: Promise<unknown> = Promise.resolve();
  let lastAt = 0;
  const throttled = <T>(fn: () => Promise<T>): Promise<T> => {
    if (!isPublic) return fn();
    const run = queue
      .catch(() => undefined)
      .then(async () => {
        const wait = lastAt + 1100 - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        lastAt = Date.now();
        return fn();
      });
    queue = run;
    return run;
  };
  return {
    async geocode(address, signal) {
      const cached = opts.cache.get(address);
      if (cached !== undefined) return cached;
      const url = new URL(`${opts.baseUrl.replace(/\/+$/, '')}/search`);
      url.searchParams.set('q', address);
      url.searchParams.set('format', 'jsonv2');
      url.searchParams.set('limit', '1');
      const res = await throttled(() =>
        sendRequest(
          {
            method: 'GET',
            url: url.toString(),
            headers: { 'User-Agent': opts.userAgent, Accept: 'application/json' },
          },
          {
            transport: opts.transport,
            vendor: 'GEOCODING',
            timeoutMs: GEOCODING_TIMEOUT_MS,
            signal,
            redirect: 'follow',
          },
        ),
      );
      if (res.status !== 200 || !Array.isArray(res.json)) {
        const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
        throw new AppError('GEOCODING_ERR_HTTP', `geocoder answered ${res.status}`, {
          retryable,
          status: res.status,
          retryAfterMs: retryable ? retryAfterMs(res) : undefined,
          vendorMessage: res.text.slice(0, 200) || undefined,
          hint:
            res.status === 403
              ? 'set GEOCODING_USER_AGENT to something identifying you (Nominatim policy)'
              : undefined,
        });
      }
      const first = (res.json as { lat?: string; lon?: string; display_name?: string }[])[0];
      const point =
        first && first.lat !== undefined && first.lon !== undefined
          ? {
              lat: Number(first.lat),
              lon: Number(first.lon),
              displayName: first.display_name ?? null,
            }
          : null;
      opts.cache.put(address, point);
      return point;
    },
  };
}
