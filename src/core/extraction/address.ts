// Street addresses as written in US mail: "2200 W Monroe St, Prairie Valley, IL 62704",
// "77 Quarry Rd, Apt 3, Westmoor, ME 04092", or a street line followed by a
// "City, ST 12345" line. Business or building names before the number are not part of it.

const STREET_SUFFIX =
  '(?:broadway|st|street|ave|avenue|av|rd|road|dr|drive|ln|lane|way|blvd|boulevard|ct|court|pl|place|pkwy|parkway|hwy|highway|sq|square|ter|terrace|cir|circle|trl|trail|pike|row|loop|run|path|plaza|plz|walk|crossing|xing|alley|aly|expy|expressway|fwy|freeway|tpke|turnpike|route|rte|center|ctr|commons|green|heights|hts|point|pt|ridge|park|mall|bend|cove|glen|hollow|landing|manor|meadow|meadows|mews|oval|pass|promenade|station|view|village|vista|creek|hill|hills|estates|grove|gardens|harbor|circuit|close|crescent|dale|gate|lake)';
// Words that number a place inside a street address: apartments, offices, mobile-home lots
// and spaces, trailers, marina slips, hangars.
const UNIT_WORDS =
  '(?:apt|apartment|suite|ste|unit|rm|room|bldg|building|floor|fl|flr|courtroom|dept|department|wing|lot|space|spc|trailer|trlr|office|ofc|box|slip|pier|hangar|stall|booth|studio|cottage|cabin|site|door|level|lvl|bay|dock)';
// A unit written before the number, as in Canadian mail: "Unit 12, 455 Rue Saint-Olivier".
const LEADING_UNIT = String.raw`(?:${anyCase('(?:apt|apartment|suite|ste|unit)')}\.?\s*#?\s*[A-Za-z0-9-]{1,6},?\s+)`;
// French street types come before the name: "455 Rue Saint-Olivier", "1200 boul. des Forges".
const LEADING_STREET_TYPE =
  '(?:rue|avenue|av|boulevard|boul|blvd|chemin|ch|route|rang|place|côte|cote|montée|montee|allée|allee|promenade|impasse|ruelle)';
const NAME_WORD = String.raw`(?:\p{Lu}[\p{L}'.-]*|d[eu]s?|de la|du|l'|d')`;
/** One or more unit designations after the street: ", Bldg 3, Rm 210", " Lot 22", " #4". */
// The unit's own id has a digit or is one letter ("Space 18", "Bldg C"), so "Bayview" or
// "Office Park" is never read as a unit.
const UNITS = String.raw`(?:,?\s*(?:${anyCase(UNIT_WORDS)}\b\.?|#)\s*#?\s*(?:[A-Za-z]{0,2}-?\d[A-Za-z0-9-]*|[A-Za-z])\b){0,2}`;
const STATE = String.raw`(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|S[CD]|T[NX]|UT|V[AIT]|W[AIVY])`;

/** A street line: number, optional direction, street name words, suffix, optional unit. */
// Street-name words are capitalised (or numbers like "5th"); the suffix may be any case.
const STREET_RE = new RegExp(
  String.raw`\b\d{1,6}[A-Za-z]?(?:-\d+)?\s+(?:[NSEW]\.?\s+|[Nn]orth\s+|[Ss]outh\s+|[Ee]ast\s+|[Ww]est\s+)?(?:(?:[A-Z][A-Za-z'.-]*|\d+(?:st|nd|rd|th)?)\s+){0,4}${anyCase(STREET_SUFFIX)}\b\.?(?:\s+[NSEW]{1,2}\b\.?)?${UNITS}`,
);
/** "455 Rue Saint-Olivier": number, a French street type, then the capitalised name. */
const LEADING_TYPE_STREET_RE = new RegExp(
  String.raw`(?<![\p{L}\d])\d{1,6}[A-Za-z]?,?\s+${anyCase(LEADING_STREET_TYPE)}\.?\s+(?:${NAME_WORD}\s*){1,4}?(?=,)${UNITS}`,
  'u',
);
/** A unit written before the street number, "Unit 12, 2200 W Monroe St". */
const LEADING_UNIT_RE = new RegExp(String.raw`(?<![A-Za-z])${LEADING_UNIT}$`);

/** Node 20 has no inline (?i:…): spell each letter as a two-case class instead. */
function anyCase(pattern: string): string {
  return pattern.replace(
    /(\\.)|([a-z])/g,
    (m: string, esc: string | undefined, c: string | undefined) =>
      esc ? m : `[${c}${c?.toUpperCase()}]`,
  );
}
const CITY_STATE_ZIP_RE = new RegExp(
  String.raw`^,?\s*[A-Za-z][A-Za-z .'-]{1,40},?\s+${STATE}\.?(?:\s+\d{5}(?:-\d{4})?)?\b`,
);
// Outside the US the city is followed by a postcode: UK "HG1 4QP", Canada "K1A 0B6".
const POSTCODE = String.raw`(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)`;
const CITY_POSTCODE_RE = new RegExp(
  String.raw`^,\s*[A-Za-z][A-Za-z .'-]{1,40}(?:,\s*[A-Z]{2})?,?\s+${POSTCODE}\b`,
);
const CITY_LINE_RE = new RegExp(
  String.raw`^[A-Za-z][A-Za-z .'-]{1,40},\s*${STATE}\.?(?:\s+\d{5}(?:-\d{4})?)?\s*$`,
);
const PO_BOX = /\bp\.?\s?o\.?\s+box\b/i;

export interface AddressMatch {
  address: string;
  index: number;
  /** City/state (or zip) followed the street: a complete address. */
  complete: boolean;
}

/** The first street address in a piece of text, extended to its city/state/zip. */
export function findAddress(text: string): AddressMatch | null {
  const m = earliest(STREET_RE.exec(text), LEADING_TYPE_STREET_RE.exec(text));
  if (!m) return null;
  if (PO_BOX.test(text.slice(Math.max(0, m.index - 10), m.index + m[0].length))) return null;
  let address = m[0];
  let index = m.index;
  const rest = text.slice(m.index + m[0].length);
  const unit = LEADING_UNIT_RE.exec(text.slice(Math.max(0, index - 24), index));
  if (unit) {
    address = unit[0] + address;
    index -= unit[0].length;
  }
  const tail = CITY_STATE_ZIP_RE.exec(rest) ?? CITY_POSTCODE_RE.exec(rest);
  let complete = false;
  if (tail) {
    address += tail[0];
    complete = true;
  }
  address = address.replace(/[\s,.;:]+$/, '').replace(/\s+/g, ' ');
  return { address, index, complete };
}

function earliest(a: RegExpExecArray | null, b: RegExpExecArray | null): RegExpExecArray | null {
  if (!a || !b) return a ?? b;
  return b.index < a.index ? b : a;
}

/** A value that is an address (street and number), possibly after a business name. */
const LOOSE_ADDRESS_RE = new RegExp(
  String.raw`^\d{1,6}[A-Za-z]?\s+[A-Z0-9][^,]{1,40}(?:,\s*(?:apt|apartment|suite|ste|unit|#)[^,]{0,12})?,\s*[A-Za-z][A-Za-z .'-]{1,40},?\s+${STATE}\.?(?:\s+\d{5}(?:-\d{4})?)?\b`,
  'i',
);

export function addressInValue(value: string): AddressMatch | null {
  const found = findAddress(value) ?? looseAddress(value);
  if (!found) return null;
  const before = value.slice(0, found.index);
  // "Fresh Basket Grocery, 2200 W Monroe St …": the name is not part of the address; but a
  // value that only mentions an address mid-sentence is not an address value either.
  if (
    before.trim() &&
    !/[,:-]\s*$|\s{2,}$|^\s*(at|@)\s*$/i.test(before) &&
    before.split(/\s+/).length > 6
  )
    return null;
  return found;
}

/** "1600 Broadway, New York, NY 10019": a numbered street with a city and state, no suffix. */
function looseAddress(value: string): AddressMatch | null {
  const start = value.search(/\d/);
  if (start < 0) return null;
  const m = LOOSE_ADDRESS_RE.exec(value.slice(start));
  return m ? { address: m[0].replace(/\s+/g, ' ').trim(), index: start, complete: true } : null;
}

export function isCityStateLine(line: string): boolean {
  return CITY_LINE_RE.test(line.trim());
}
