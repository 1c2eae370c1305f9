// Loads CLIENT_BILLING_RATES_PATH, validates it (errors name the bad key), and reloads it when
// the file changes (checked by mtime and size on each use: no watcher to leak). A missing or
// broken file is not fatal: authorizations then go to review with the reason.
import { readFileSync, statSync } from 'node:fs';
import { validateRates, type RatesTable } from '../../core/billing/rates.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

export interface RatesState {
  table: RatesTable | null;
  /** Why there is no table (missing file, bad JSON, invalid keys). */
  problem: string | null;
}

export interface RatesSource {
  current(): RatesState;
}

export function loadRatesFile(path: string): RatesState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      table: null,
      problem:
        code === 'ENOENT'
          ? `the billing rates file ${path} does not exist (copy config/client_billing_rates.example.json there)`
          : `cannot read the billing rates file ${path} (${code ?? 'error'})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { table: null, problem: `${path} is not valid JSON: ${(err as Error).message}` };
  }
  const result = validateRates(json);
  if (!result.ok) return { table: null, problem: `${path}: ${result.errors.join('; ')}` };
  return { table: result.table, problem: null };
}

/** Throws RATES_ERR_INVALID when the file exists but is broken (for start-up validation). */
export function assertRatesValid(path: string): void {
  const state = loadRatesFile(path);
  if (state.problem && !/does not exist/.test(state.problem)) {
    throw new AppError('RATES_ERR_INVALID', state.problem, {
      retryable: false,
      hint: 'fix the billing rates file',
    });
  }
}

export function createRatesSource(path: string, logger: Logger): RatesSource {
  let stamp = '';
  let state: RatesState = { table: null, problem: 'not loaded' };
  return {
    current() {
      let next = 'missing';
      try {
        const st = statSync(path);
        next = `${st.mtimeMs}:${st.size}`;
      } catch {
        next = 'missing';
      }
      if (next !== stamp) {
        stamp = next;
        state = loadRatesFile(path);
        if (state.problem)
          logger.warn({ event: 'rates.invalid', problem: state.problem }, 'billing rates unusable');
        else
          logger.info(
            { event: 'rates.loaded', entries: state.table?.entries.size },
            'billing rates loaded',
          );
      }
      return state;
    },
  };
}
