// The rules file's schema (EXTRACTION_RULES_PATH, JSON or YAML) and the translation of its
// validation issues into messages that name the bad key, e.g.
// `senders["@x.org"].dateOrder must be MDY or DMY`.
import { z } from 'zod';
import { FIELD_NAMES, type UserRules } from '../../core/extraction/rules.types.js';

const phrase = z
  .string({ message: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');
const phrases = z
  .array(phrase, { message: 'must be a list of text' })
  .max(500, 'must have at most 500 entries');

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as America/Chicago' },
);

const senderRule = z.strictObject({
  dateOrder: z.enum(['MDY', 'DMY'], { message: 'must be MDY or DMY' }).optional(),
  timeZone: timeZone.optional(),
  serviceDescription: phrase.optional(),
  unitMinutes: z
    .number({ message: 'must be a number of minutes' })
    .positive('must be more than 0')
    .max(1440, 'must be at most 1440')
    .optional(),
  defaultDurationHours: z
    .number({ message: 'must be a number of hours' })
    .positive('must be more than 0')
    .max(24, 'must be at most 24')
    .optional(),
  clientName: phrase.optional(),
});

const labelsShape = Object.fromEntries(FIELD_NAMES.map((f) => [f, phrases.optional()])) as Record<
  (typeof FIELD_NAMES)[number],
  z.ZodOptional<typeof phrases>
>;

export const userRulesSchema = z.strictObject({
  labels: z.strictObject(labelsShape).optional(),
  keywords: z
    .strictObject({
      authorization: phrases.optional(),
      notAuthorization: phrases.optional(),
      amendment: phrases.optional(),
      cancellation: phrases.optional(),
    })
    .optional(),
  senders: z
    .record(
      z.string().regex(/^(@[^@\s]+\.[^@\s]+|[^@\s]+@[^@\s]+\.[^@\s]+)$/, {
        message: 'must be an address (a@b.org) or a domain (@b.org)',
      }),
      senderRule,
    )
    .optional(),
});

/** `senders["@x.org"].dateOrder`: a path as a user would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  path.forEach((p, i) => {
    // Sender keys are addresses or domains: always bracketed, as a user would quote them.
    const bracket = i === 1 && path[0] === 'senders';
    if (typeof p === 'number') out += `[${p}]`;
    else if (!bracket && typeof p === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))
      out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  });
  return out || '(top level)';
}

export type ValidationResult = { ok: true; rules: UserRules } | { ok: false; problems: string[] };

export function validateUserRules(data: unknown): ValidationResult {
  if (data === null || data === undefined) return { ok: true, rules: {} };
  const parsed = userRulesSchema.safeParse(data);
  if (parsed.success) return { ok: true, rules: parsed.data as UserRules };
  const problems = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys?: string[] }).keys ?? [];
      return keys.map((k) => `${formatPath([...issue.path, k])} is not a known key`).join('; ');
    }
    if (issue.code === 'invalid_key')
      return `${formatPath(issue.path)} must be an address (a@b.org) or a domain (@b.org)`;
    return `${formatPath(issue.path)} ${issue.message}`;
  });
  return { ok: false, problems };
}
