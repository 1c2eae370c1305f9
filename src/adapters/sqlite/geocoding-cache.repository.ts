// Geocoder answers by normalised address, hits and misses alike, so a known address is never
// asked twice (Nominatim's usage policy) and an unknown one does not hammer the server.
import type { Db } from './database.js';
import { nowIso } from './database.js';

export interface GeoPoint {
  lat: number;
  lon: number;
  displayName: string | null;
}

export interface GeocodingCacheRepository {
  /** undefined: not cached; null: a cached miss. */
  get(query: string): GeoPoint | null | undefined;
  put(query: string, point: GeoPoint | null): void;
}

export function normaliseAddress(address: string): string {
  return address.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function createGeocodingCacheRepository(db: Db): GeocodingCacheRepository {
  const get = db.prepare<
    [string],
    { found: number; lat: number | null; lon: number | null; display_name: string | null }
  >('SELECT found, lat, lon, display_name FROM geocoding_cache WHERE query = ?');
  const put = db.prepare(
    `INSERT INTO geocoding_cache (query, found, lat, lon, display_name, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(query) DO UPDATE SET found = excluded.found, lat = excluded.lat, lon = excluded.lon,
       display_name = excluded.display_name, created_at = excluded.created_at`,
  );
  return {
    get(query) {
      const row = get.get(normaliseAddress(query));
      if (!row) return undefined;
      if (!row.found || row.lat == null || row.lon == null) return null;
      return { lat: row.lat, lon: row.lon, displayName: row.display_name };
    },
    put(query, point) {
      put.run(
        normaliseAddress(query),
        point ? 1 : 0,
        point?.lat ?? null,
        point?.lon ?? null,
        point?.displayName ?? null,
        nowIso(),
      );
    },
  };
}
