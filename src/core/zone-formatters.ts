// Intl formatters per IANA zone, built once and shared by planning, extraction and the status
// report: building an Intl.DateTimeFormat costs far more than using one. An unknown zone throws
// (RangeError) as the constructor does, and nothing is cached for it.

// Zones come from config and sender rules: a handful, but keep each cache bounded anyway.
const MAX_ZONES = 64;

function cachedPerZone(
  options: Intl.DateTimeFormatOptions,
  locale: string,
): (timeZone: string) => Intl.DateTimeFormat {
  const cache = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let f = cache.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      if (cache.size >= MAX_ZONES) cache.clear();
      cache.set(timeZone, f);
    }
    return f;
  };
}

/** The calendar date in a zone; `format` gives YYYY-MM-DD. */
export const dayFormatter = cachedPerZone(
  { year: 'numeric', month: '2-digit', day: '2-digit' },
  'en-CA',
);

/** Every wall-clock part in a zone (24-hour), for formatToParts. */
export const wallClockFormatter = cachedPerZone(
  {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  },
  'en-US',
);
