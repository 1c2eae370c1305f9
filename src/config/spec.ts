// Declarative description of one configuration variable: how to parse it, its default, what
// it means, and whether it is a secret. The loader, the `.env.assistant.template` and the
// README's configuration table are all produced from these, so they cannot drift apart.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface VarSpec<T> {
  /** One or two sentences for the template and the README table. */
  doc: string;
  /** The default as a person would write it in the env file ('' = empty / not set). */
  defaultText: string;
  /** Secrets are never printed, and may be given as NAME_FILE (a path to read). */
  secret: boolean;
  /** Parses the raw value (undefined = not set); `env` holds every raw value, for derived defaults. */
  parse(raw: string | undefined, env: Readonly<Record<string, string | undefined>>): ParseResult<T>;
}

export type VarSpecs = Record<string, VarSpec<unknown>>;
export type ConfigOf<S extends VarSpecs> = {
  readonly [K in keyof S]: S[K] extends VarSpec<infer T> ? T : never;
};

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = <T>(error: string): ParseResult<T> => ({ ok: false, error });
const isBlank = (raw: string | undefined): raw is undefined =>
  raw === undefined || raw.trim() === '';

interface Common {
  doc: string;
  secret?: boolean;
}

export function str(opts: Common & { default?: string }): VarSpec<string> {
  const def = opts.default ?? '';
  return {
    doc: opts.doc,
    defaultText: def,
    secret: opts.secret ?? false,
    parse: (raw) => ok(isBlank(raw) ? def : raw.trim()),
  };
}

export function secret(opts: { doc: string }): VarSpec<string> {
  return str({ ...opts, secret: true });
}

export function int(
  opts: Common & { default: number; min?: number; max?: number },
): VarSpec<number> {
  return {
    doc: opts.doc,
    defaultText: String(opts.default),
    secret: false,
    parse: (raw) => {
      if (isBlank(raw)) return ok(opts.default);
      const text = raw.trim();
      if (!/^-?\d+$/.test(text)) return fail(`must be a whole number, got "${text}"`);
      const n = Number(text);
      if (opts.min !== undefined && n < opts.min)
        return fail(`must be at least ${opts.min}, got ${n}`);
      if (opts.max !== undefined && n > opts.max)
        return fail(`must be at most ${opts.max}, got ${n}`);
      return ok(n);
    },
  };
}

export function num(
  opts: Common & { default: number; min?: number; max?: number },
): VarSpec<number> {
  return {
    doc: opts.doc,
    defaultText: String(opts.default),
    secret: false,
    parse: (raw) => {
      if (isBlank(raw)) return ok(opts.default);
      const text = raw.trim();
      const n = Number(text);
      if (!Number.isFinite(n)) return fail(`must be a number, got "${text}"`);
      if (opts.min !== undefined && n < opts.min)
        return fail(`must be at least ${opts.min}, got ${n}`);
      if (opts.max !== undefined && n > opts.max)
        return fail(`must be at most ${opts.max}, got ${n}`);
      return ok(n);
    },
  };
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export function bool(
  opts: Common & {
    default: boolean | ((env: Readonly<Record<string, string | undefined>>) => boolean);
    defaultText?: string;
  },
): VarSpec<boolean> {
  return {
    doc: opts.doc,
    defaultText: opts.defaultText ?? String(opts.default),
    secret: false,
    parse: (raw, env) => {
      if (isBlank(raw))
        return ok(typeof opts.default === 'function' ? opts.default(env) : opts.default);
      const text = raw.trim().toLowerCase();
      if (TRUE.has(text)) return ok(true);
      if (FALSE.has(text)) return ok(false);
      return fail(`must be true or false, got "${raw.trim()}"`);
    },
  };
}

export function oneOf<const T extends string>(
  values: readonly T[],
  opts: Common & { default: T; caseInsensitive?: boolean },
): VarSpec<T> {
  return {
    doc: opts.doc,
    defaultText: opts.default,
    secret: false,
    parse: (raw) => {
      if (isBlank(raw)) return ok(opts.default);
      const text = raw.trim();
      const found = values.find((v) =>
        opts.caseInsensitive ? v.toLowerCase() === text.toLowerCase() : v === text,
      );
      return found ? ok(found) : fail(`must be one of ${values.join(', ')}, got "${text}"`);
    },
  };
}

/** An http(s) URL, or '' when optional and not set. Trailing slashes are removed. */
export function url(opts: Common & { default?: string }): VarSpec<string> {
  const def = opts.default ?? '';
  return {
    doc: opts.doc,
    defaultText: def,
    secret: opts.secret ?? false,
    parse: (raw) => {
      if (isBlank(raw)) return ok(def);
      const text = raw.trim();
      let parsed: URL;
      try {
        parsed = new URL(text);
      } catch {
        return fail(opts.secret ? 'is not a valid URL' : `is not a valid URL: "${text}"`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        return fail('must start with http:// or https://');
      }
      return ok(text.replace(/\/+$/, ''));
    },
  };
}

/** A duration in seconds; accepts "30", "30s", "5m", "1h". */
export function seconds(opts: Common & { default: number; min?: number }): VarSpec<number> {
  return {
    doc: opts.doc,
    defaultText: String(opts.default),
    secret: false,
    parse: (raw) => {
      if (isBlank(raw)) return ok(opts.default);
      const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(raw.trim());
      if (!m) return fail(`must be a number of seconds (e.g. 30, 30s, 5m), got "${raw.trim()}"`);
      const unit = (m[2] ?? 's').toLowerCase();
      const factor = unit === 'ms' ? 0.001 : unit === 'm' ? 60 : unit === 'h' ? 3600 : 1;
      const value = Number(m[1]) * factor;
      if (opts.min !== undefined && value < opts.min) return fail(`must be at least ${opts.min} s`);
      return ok(value);
    },
  };
}

export function timeZone(opts: Common & { default: string }): VarSpec<string> {
  return {
    doc: opts.doc,
    defaultText: opts.default,
    secret: false,
    parse: (raw) => {
      const text = isBlank(raw) ? opts.default : raw.trim();
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: text });
        return ok(text);
      } catch {
        return fail(`is not an IANA time zone (like America/Chicago), got "${text}"`);
      }
    },
  };
}

export function list(opts: Common & { default?: string }): VarSpec<string[]> {
  const def = opts.default ?? '';
  return {
    doc: opts.doc,
    defaultText: def,
    secret: false,
    parse: (raw) =>
      ok(
        (isBlank(raw) ? def : raw)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
  };
}
