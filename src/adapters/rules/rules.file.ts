// Reads and validates the user's rules file (JSON or YAML). A problem becomes an AppError
// with code EXTRACT_ERR_RULES whose message lists every bad key, never a stack trace.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../../core/errors.js';
import type { UserRules } from '../../core/extraction/rules.types.js';
import { validateUserRules } from './rules.schema.js';

const MAX_RULES_BYTES = 2 * 1024 * 1024;

export function parseRulesText(text: string, fileName: string): UserRules {
  let data: unknown;
  try {
    data = extname(fileName).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new AppError(
      'EXTRACT_ERR_RULES',
      `${fileName}: not valid ${extname(fileName).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      { retryable: false, hint: 'fix the file; the previous rules stay in force meanwhile' },
    );
  }
  const result = validateUserRules(data);
  if (!result.ok) {
    throw new AppError('EXTRACT_ERR_RULES', `${fileName}: ${result.problems.join('; ')}`, {
      retryable: false,
      hint: 'fix the file; the previous rules stay in force meanwhile',
    });
  }
  return result.rules;
}

export function readRulesFile(path: string): UserRules {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_RULES_BYTES)
      throw new AppError('EXTRACT_ERR_RULES', `${path}: larger than 2 MB`, { retryable: false });
    text = buf.toString('utf8');
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(
      'EXTRACT_ERR_RULES',
      `${path}: cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`,
      { retryable: false, cause: err, hint: 'check EXTRACTION_RULES_PATH' },
    );
  }
  return parseRulesText(text, path);
}
