// The only reader of process.env and `.env.assistant`. Reads every variable once at start-up,
// validates them all, and either returns a frozen, typed Config or throws a ConfigError that
// lists every problem by variable name — never a secret's value.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ALL_VARS } from './sections/index.js';
import { parseEnvFile } from './env-file.js';
import type { ConfigOf, VarSpecs } from './spec.js';

export type Config = ConfigOf<typeof ALL_VARS> & {
  /** The working directory relative paths were resolved from. */
  readonly cwd: string;
  /** Which file, if any, supplied values. */
  readonly envFile: string | null;
};

export const ENV_FILE_NAME = '.env.assistant';

/** Variables holding paths, resolved against the working directory. */
const PATH_VARS = [
  'SQLITE_DB_PATH',
  'INBOX_DIR',
  'CLIENT_BILLING_RATES_PATH',
  'EXTRACTION_RULES_PATH',
] as const;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadOptions {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  /** Read `.env.assistant` from cwd (default true). */
  readEnvFile?: boolean;
  /** Overrides applied on top of everything (tests, CLI flags). */
  overrides?: Record<string, string>;
}

export function loadConfig(options: LoadOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const problems: string[] = [];

  let fileValues: Record<string, string> = {};
  let envFile: string | null = null;
  const envPath = resolve(cwd, ENV_FILE_NAME);
  if ((options.readEnvFile ?? true) && existsSync(envPath)) {
    const parsed = parseEnvFile(readFileSync(envPath, 'utf8'), ENV_FILE_NAME);
    fileValues = parsed.values;
    problems.push(...parsed.errors);
    envFile = envPath;
  }

  // The real environment wins over the file; overrides win over both.
  const raw: Record<string, string | undefined> = { ...fileValues };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) raw[k] = v;
  Object.assign(raw, options.overrides ?? {});

  const specs: VarSpecs = ALL_VARS;
  for (const [name, spec] of Object.entries(specs)) {
    if (!spec.secret) continue;
    const fileVar = `${name}_FILE`;
    const filePath = raw[fileVar];
    if (filePath === undefined || filePath.trim() === '') continue;
    if (raw[name] !== undefined && raw[name] !== '') {
      problems.push(`${name} and ${fileVar} are both set: keep one`);
      continue;
    }
    try {
      raw[name] = readFileSync(resolve(cwd, filePath.trim()), 'utf8').trim();
    } catch {
      problems.push(`${fileVar}: cannot read the file ${filePath.trim()}`);
    }
  }

  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const result = spec.parse(raw[name], raw);
    if (result.ok) values[name] = result.value;
    else problems.push(`${name} ${result.error}`);
  }

  if (problems.length === 0) {
    problems.push(...crossCheck(values));
  }
  if (problems.length > 0) throw new ConfigError(problems);

  for (const name of PATH_VARS) {
    const value = values[name] as string;
    if (value && !isAbsolute(value)) values[name] = resolve(cwd, value);
  }
  return Object.freeze({ ...values, cwd, envFile }) as Config;
}

/** Rules that involve more than one variable. */
function crossCheck(v: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (v.IMAP_HOST) {
    if (!v.IMAP_USER) problems.push('IMAP_USER is required when IMAP_HOST is set');
    if (!v.IMAP_PASSWORD)
      problems.push('IMAP_PASSWORD (or IMAP_PASSWORD_FILE) is required when IMAP_HOST is set');
  }
  if (v.INVOICENINJA_URL && !v.INVOICENINJA_API_TOKEN) {
    problems.push(
      'INVOICENINJA_API_TOKEN (or INVOICENINJA_API_TOKEN_FILE) is required when INVOICENINJA_URL is set',
    );
  }
  const google = ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_REFRESH_TOKEN'].filter(
    (k) => v[k],
  );
  if (google.length > 0 && google.length < 3) {
    const missing = ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_REFRESH_TOKEN'].filter(
      (k) => !v[k],
    );
    problems.push(
      `${missing.join(' and ')} must be set too: Google Calendar needs all three of GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REFRESH_TOKEN`,
    );
  }
  return problems;
}

/** Names of the secret variables, for log redaction. */
export function secretVarNames(): string[] {
  return Object.entries(ALL_VARS as VarSpecs)
    .filter(([, spec]) => spec.secret)
    .map(([name]) => name);
}

/** The values of the secrets that are set, so logs and the database can be scrubbed of them. */
export function secretValues(config: Config): string[] {
  const record = config as unknown as Record<string, unknown>;
  return secretVarNames()
    .map((name) => record[name])
    .filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

export function isImapConfigured(config: Config): boolean {
  return config.IMAP_HOST !== '';
}
export function isInvoiceNinjaConfigured(config: Config): boolean {
  return config.INVOICENINJA_URL !== '' && config.INVOICENINJA_API_TOKEN !== '';
}
export function isGoogleConfigured(config: Config): boolean {
  return (
    config.GOOGLE_CLIENT_ID !== '' &&
    config.GOOGLE_CLIENT_SECRET !== '' &&
    config.GOOGLE_REFRESH_TOKEN !== ''
  );
}
export function isWebhookConfigured(config: Config): boolean {
  return config.NOTIFICATION_WEBHOOK_URL !== '';
}
