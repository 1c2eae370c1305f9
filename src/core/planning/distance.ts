// Distances for calculated mileage: great-circle miles between two points (used × a road
// factor when no routing service is configured), and the rounding rule for billed miles.

const EARTH_RADIUS_MILES = 3958.7613;

export function greatCircleMiles(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = (d: number): number => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.sqrt(h));
}

export const METERS_PER_MILE = 1609.344;

/** One-way miles → billed miles: doubled for a round trip, rounded to a tenth. */
export function billedMiles(oneWay: number, roundTrip: boolean): number {
  return Math.round(oneWay * (roundTrip ? 2 : 1) * 10) / 10;
}
