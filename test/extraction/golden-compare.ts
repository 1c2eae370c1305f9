// Field-by-field comparison of a record with a golden truth file, with the normalisation the
// samples' score.py documents (case, accents, punctuation, '&' = 'and', leading 'the', name
// token order and honorifics, HH:MM, numbers within 0.01). Written from that description,
// independently of the engine's own code.

export const SCORED_FIELDS = [
  'isAuthorization',
  'kind',
  'authorizationId',
  'client.email',
  'client.name',
  'recipient.name',
  'service.date',
  'service.startTime',
  'service.endTime',
  'service.durationHours',
  'service.location',
  'mileage',
] as const;

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr']);

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[k];
  }
  if (typeof cur === 'string' && !cur.trim()) return null;
  return cur ?? null;
}

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^0-9a-z]+/g, ' ')
    .trim()
    .split(/\s+/)
    .join(' ');
}

const org = (s: string): string => fold(s).replace(/^the /, '');
const person = (s: string): string =>
  fold(s)
    .split(' ')
    .filter((t) => t && !HONORIFICS.has(t))
    .sort()
    .join(' ');
const time = (s: string): string => {
  const m = /^\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*$/.exec(s);
  return m ? `${(m[1] ?? '').padStart(2, '0')}:${m[2]}` : s.trim();
};

export function sameField(field: string, truth: unknown, pred: unknown): boolean {
  if (field === 'isAuthorization') return (pred === true) === Boolean(truth);
  if (truth === null || truth === undefined) return pred === null || pred === undefined;
  if (pred === null || pred === undefined) return false;
  if (field === 'service.durationHours' || field === 'mileage')
    return typeof pred === 'number' && Math.abs(pred - Number(truth)) <= 0.01 + 1e-9;
  const p = String(pred);
  const t = String(truth);
  switch (field) {
    case 'client.email':
      return p.trim().toLowerCase() === t.trim().toLowerCase();
    case 'service.startTime':
    case 'service.endTime':
      return time(p) === t;
    case 'client.name':
      return org(p) === org(t);
    case 'recipient.name':
      return person(p) === person(t);
    case 'service.location':
      return fold(p) === fold(t);
    default:
      return p.trim() === t.trim();
  }
}

/** Mismatches as "field: want X, got Y" lines. */
export function compareRecord(truth: unknown, pred: unknown): string[] {
  const out: string[] = [];
  const isAuth = get(truth, 'isAuthorization') === true;
  for (const field of isAuth ? SCORED_FIELDS : (['isAuthorization'] as const)) {
    const t = get(truth, field);
    const p = get(pred, field);
    if (!sameField(field, t, p))
      out.push(`${field}: want ${JSON.stringify(t)}, got ${JSON.stringify(p)}`);
  }
  return out;
}
