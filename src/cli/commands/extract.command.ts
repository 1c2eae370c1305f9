// `assistant extract FILE.eml [--json]`: reads one email and prints its extraction record —
// exactly one JSON object on stdout with --json, a readable summary otherwise. Exit 0 whenever
// the file could be read (authorization or not); non-zero only when it cannot be read.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../../config/index.js';
import { AppError } from '../../core/errors.js';
import type { ExtractionRecord } from '../../core/extraction-record.js';
import type { Logger } from '../../core/logger.js';
import { createExtractor } from '../../services/extractor.factory.js';

export interface ExtractFlags {
  json?: boolean;
  timezone?: string;
}

/** Declared in index.ts; this module is loaded only when `extract` runs. */
export async function extractAction(file: string, flags: ExtractFlags): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    throw new AppError(
      'FOLDER_ERR_IO',
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      { retryable: false },
    );
  }
  const { timeZone, rulesPath } = settings();
  const extractor = createExtractor({
    timeZone: flags.timezone ?? timeZone,
    rulesPath,
    logger: stderrLogger,
  });
  try {
    const record = await extractor.extract(raw);
    process.stdout.write(
      flags.json ? `${JSON.stringify(record, null, 2)}\n` : formatSummary(file, record),
    );
  } finally {
    extractor.close();
  }
}

/** TIMEZONE and EXTRACTION_RULES_PATH; a broken configuration is reported, not fatal here. */
function settings(): { timeZone: string; rulesPath: string | null } {
  try {
    const config = loadConfig();
    return { timeZone: config.TIMEZONE, rulesPath: config.EXTRACTION_RULES_PATH || null };
  } catch (err) {
    process.stderr.write(
      `assistant: configuration ignored for extract: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return { timeZone: 'America/Chicago', rulesPath: null };
  }
}

/** Warnings and errors go to stderr so stdout stays one JSON object. */
const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (a: unknown, b?: string) => writeLog('warning', a, b),
  error: (a: unknown, b?: string) => writeLog('error', a, b),
  child: () => stderrLogger,
};

function writeLog(level: string, a: unknown, b?: string): void {
  const msg = typeof a === 'string' ? a : (b ?? '');
  const detail = typeof a === 'object' && a && 'problem' in a ? ` (${String(a.problem)})` : '';
  process.stderr.write(`assistant: ${level}: ${msg}${detail}\n`);
}

export function formatSummary(file: string, r: ExtractionRecord): string {
  const v = (x: unknown): string => (x === null || x === undefined || x === '' ? '—' : String(x));
  const lines = [`${file}`];
  if (!r.isAuthorization) {
    lines.push(`  not an authorization (confidence ${r.confidence})`);
  } else {
    const s = r.service;
    const when = [s.date, s.startTime && `${s.startTime}${s.endTime ? `–${s.endTime}` : ''}`]
      .filter(Boolean)
      .join(' ');
    lines.push(
      `  authorization: ${r.kind} (confidence ${r.confidence})`,
      `  id:         ${v(r.authorizationId)}`,
      `  client:     ${v(r.client.name)} <${v(r.client.email)}>`,
      `  recipient:  ${v(r.recipient.name)}`,
      `  service:    ${v(s.description)}`,
      `  when:       ${v(when)}${s.durationHours != null ? ` (${s.durationHours} h)` : ''} ${r.timeZone ?? ''}`,
      `  location:   ${v(s.location)}`,
      `  mileage:    ${v(r.mileage)}`,
    );
  }
  if (r.reasons.length) lines.push(`  reasons:    ${r.reasons.join('; ')}`);
  for (const w of r.warnings) lines.push(`  warning:    ${w}`);
  return `${lines.join('\n')}\n`;
}
