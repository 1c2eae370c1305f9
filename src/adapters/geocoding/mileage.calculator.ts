// Mileage for a service whose email states none: geocode BASE_ADDRESS and the service
// location, then the road distance from an OSRM-compatible router (ROUTING_API_URL) or the
// great-circle distance × MILEAGE_ROAD_FACTOR; doubled for a round trip.
import { AppError } from '../../core/errors.js';
import { billedMiles, greatCircleMiles, METERS_PER_MILE } from '../../core/planning/distance.js';
import type { GeoPoint } from '../sqlite/geocoding-cache.repository.js';
import { retryAfterMs, sendRequest } from '../http/http-request.js';
import type { HttpTransport } from '../http/http-transport.js';
import type { Geocoder } from './geocoder.js';

export interface MileageCalculator {
  /** Billed miles, or null when an address cannot be found (a cached miss). */
  calculate(location: string, signal?: AbortSignal): Promise<number | null>;
}

export interface MileageOptions {
  baseAddress: string;
  routingUrl: string;
  roadFactor: number;
  roundTrip: boolean;
  userAgent: string;
  geocoder: Geocoder;
  /** Default: the shared keep-alive transport. */
  transport?: HttpTransport | undefined;
}

async function routeMiles(
  opts: MileageOptions,
  a: GeoPoint,
  b: GeoPoint,
  signal?: AbortSignal,
): Promise<number> {
  const url = `${opts.routingUrl.replace(/\/+$/, '')}/route/v1/driving/${a.lon},${a.lat};${b.lon},${b.lat}?overview=false`;
  const res = await sendRequest(
    { method: 'GET', url, headers: { 'User-Agent': opts.userAgent, Accept: 'application/json' } },
    {
      transport: opts.transport,
      vendor: 'GEOCODING',
      timeoutMs: 10_000,
      signal,
      redirect: 'follow',
    },
  );
  const body = res.json as { code?: string; routes?: { distance?: number }[] } | undefined;
  const meters = body?.routes?.[0]?.distance;
  if (res.status === 200 && body?.code === 'Ok' && typeof meters === 'number')
    return meters / METERS_PER_MILE;
  const retryable = res.status >= 500 || res.status === 429;
  throw new AppError(
    'GEOCODING_ERR_HTTP',
    `routing service answered ${res.status} ${body?.code ?? ''}`.trim(),
    {
      retryable,
      status: res.status,
      retryAfterMs: retryable ? retryAfterMs(res) : undefined,
    },
  );
}

export function createMileageCalculator(opts: MileageOptions): MileageCalculator {
  return {
    async calculate(location, signal) {
      const from = await opts.geocoder.geocode(opts.baseAddress, signal);
      const to = await opts.geocoder.geocode(location, signal);
      if (!from || !to) return null;
      const oneWay = opts.routingUrl
        ? await routeMiles(opts, from, to, signal)
        : greatCircleMiles(from, to) * opts.roadFactor;
      return billedMiles(oneWay, opts.roundTrip);
    },
  };
}
