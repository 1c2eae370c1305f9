// Scrubs secrets out of anything about to be logged or stored: values of keys that name a
// secret (password, token, authorization …) are masked, and every configured secret value is
// cut out of every string, however deeply nested.

export const REDACTED = '[REDACTED]';

// Whole key names only: `authorizationId` or `tokenCount` are data, `password` or `x-api-token` are not.
const SECRET_KEY =
  /^(?:.*[-_])?(?:pass|passwd|password|token|secret|api[-_]?key|apikey|cookie|set[-_]cookie|credentials?|private[-_]?key)$|^(?:proxy[-_])?authori[sz]ation$/i;

/** `refreshToken` and `refresh_token` alike. */
export const isSecretKey = (key: string): boolean =>
  SECRET_KEY.test(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));

export interface Redactor {
  /** A deep copy with secret keys masked and secret values removed from strings. */
  value<T>(value: T): T;
  text(text: string): string;
}

export function createRedactor(secretValues: readonly string[]): Redactor {
  // Longest first, so a secret that contains another is removed whole.
  const secrets = [...new Set(secretValues.filter((s) => s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  const text = (input: string): string => {
    let out = input;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
  const walk = (input: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object') return input;
    if (depth > 12 || seen.has(input)) return '[…]';
    seen.add(input);
    if (Buffer.isBuffer(input)) return `<${input.length} bytes>`;
    if (input instanceof Date) return input.toISOString();
    if (input instanceof Error) return walk(errorToObject(input), depth + 1, seen);
    if (Array.isArray(input)) return input.map((v) => walk(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
      out[k] =
        isSecretKey(k) && v !== null && v !== undefined && typeof v !== 'boolean'
          ? REDACTED
          : walk(v, depth + 1, seen);
    }
    return out;
  };
  return { value: <T>(v: T) => walk(v, 0, new WeakSet()) as T, text };
}

function errorToObject(err: Error): Record<string, unknown> {
  const json = (err as { toJSON?: () => unknown }).toJSON;
  const base: Record<string, unknown> =
    typeof json === 'function'
      ? { ...(json.call(err) as Record<string, unknown>) }
      : { message: err.message };
  base.type = err.name;
  const code = (err as { code?: unknown }).code;
  if (code !== undefined && base.code === undefined) base.code = code;
  // Stacks of our own AppErrors add nothing; unexpected errors keep theirs for debugging.
  if (err.name !== 'AppError' && err.stack) base.stack = err.stack;
  return base;
}
