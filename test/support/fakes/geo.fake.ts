// Fakes of a Nominatim-compatible geocoder (/search, needs a User-Agent) and an
// OSRM-compatible router (/route/v1/driving/lon,lat;lon,lat). Places are registered by tests.
import { FakeServer, type FakeReply, type FakeRequest } from './fake-server.js';

export interface Place {
  lat: number;
  lon: number;
  display_name?: string;
}

export class GeocoderFake extends FakeServer {
  /** Normalised query (lower case, single spaces) → place. Unknown queries answer []. */
  readonly places = new Map<string, Place>();

  addPlace(query: string, place: Place): void {
    this.places.set(normalise(query), place);
  }

  protected handle(req: FakeRequest): FakeReply {
    if (!req.headers['user-agent'] || /^node$|undici/i.test(String(req.headers['user-agent'])))
      return {
        status: 403,
        text: 'Access blocked: a User-Agent identifying the application is required',
      };
    if (req.path !== '/search') return { status: 404, text: 'not found' };
    const q = normalise(req.query.get('q') ?? '');
    const place = this.places.get(q);
    if (!place) return { status: 200, body: [] };
    return {
      status: 200,
      body: [
        {
          place_id: 1,
          lat: String(place.lat),
          lon: String(place.lon),
          display_name: place.display_name ?? q,
        },
      ],
    };
  }
}

export class RoutingFake extends FakeServer {
  /** Road distance = great-circle × this factor (deterministic, so tests can predict it). */
  factor = 1.25;

  protected handle(req: FakeRequest): FakeReply {
    const m = /^\/route\/v1\/driving\/([-\d.]+),([-\d.]+);([-\d.]+),([-\d.]+)$/.exec(req.path);
    if (!m) return { status: 400, body: { code: 'InvalidUrl', message: 'URL string malformed' } };
    const [lon1, lat1, lon2, lat2] = m.slice(1).map(Number) as [number, number, number, number];
    const meters = haversineMeters(lat1, lon1, lat2, lon2) * this.factor;
    return {
      status: 200,
      body: {
        code: 'Ok',
        routes: [{ distance: Math.round(meters * 10) / 10, duration: meters / 20 }],
        waypoints: [],
      },
    };
  }
}

function normalise(q: string): string {
  return q.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function haversineMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = 6371008.8;
  const rad = (d: number): number => (d * Math.PI) / 180;
  const a =
    Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}
