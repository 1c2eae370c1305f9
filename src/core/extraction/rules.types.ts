// The shape of the extraction rules: label aliases per field, classification keywords and
// per-sender overrides. Bundled defaults live in default-rules.ts; a user file
// (EXTRACTION_RULES_PATH) is validated by adapters/rules and merged on top with mergeRules.

export const FIELD_NAMES = [
  'authorizationId',
  'recipient',
  'date',
  'time',
  'startTime',
  'endTime',
  'duration',
  'units',
  'location',
  'mileage',
  'service',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export type DateOrder = 'MDY' | 'DMY';

export interface SenderRule {
  dateOrder?: DateOrder;
  timeZone?: string;
  serviceDescription?: string;
  unitMinutes?: number;
  defaultDurationHours?: number;
  clientName?: string;
}

export interface KeywordRules {
  authorization: string[];
  notAuthorization: string[];
  amendment: string[];
  cancellation: string[];
}

export interface ExtractionRules {
  labels: Record<FieldName, string[]>;
  keywords: KeywordRules;
  /** Keyed by a full address (`a@b.org`) or a domain (`@b.org`), lower case. */
  senders: Record<string, SenderRule>;
}

/** What a user file may contain: every part optional. */
export interface UserRules {
  labels?: Partial<Record<FieldName, string[]>>;
  keywords?: Partial<KeywordRules>;
  senders?: Record<string, SenderRule>;
}

/** Defaults plus the user's additions: aliases and keywords are appended, senders replace. */
export function mergeRules(base: ExtractionRules, user: UserRules | null): ExtractionRules {
  if (!user) return base;
  const labels = { ...base.labels };
  for (const field of FIELD_NAMES) {
    const extra = user.labels?.[field];
    if (extra?.length) labels[field] = [...extra, ...labels[field]];
  }
  const keywords: KeywordRules = {
    authorization: [...base.keywords.authorization, ...(user.keywords?.authorization ?? [])],
    notAuthorization: [
      ...base.keywords.notAuthorization,
      ...(user.keywords?.notAuthorization ?? []),
    ],
    amendment: [...base.keywords.amendment, ...(user.keywords?.amendment ?? [])],
    cancellation: [...base.keywords.cancellation, ...(user.keywords?.cancellation ?? [])],
  };
  const senders: Record<string, SenderRule> = { ...base.senders };
  for (const [key, rule] of Object.entries(user.senders ?? {})) senders[key.toLowerCase()] = rule;
  return { labels, keywords, senders };
}

/** The override for an address: the exact address first, then its domain, then parent domains. */
export function senderRuleFor(rules: ExtractionRules, address: string | null): SenderRule | null {
  if (!address) return null;
  const addr = address.toLowerCase();
  if (rules.senders[addr]) return rules.senders[addr];
  let domain = addr.slice(addr.lastIndexOf('@') + 1);
  while (domain.includes('.')) {
    const rule = rules.senders[`@${domain}`];
    if (rule) return rule;
    domain = domain.slice(domain.indexOf('.') + 1);
  }
  return null;
}
