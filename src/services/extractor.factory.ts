// Assembles the extraction engine: the MIME reader (adapters/mime), the rules store
// (defaults + EXTRACTION_RULES_PATH, reloaded on change) and the pure rules
// (core/extraction). `extract` never rejects: unreadable input gives a record with warnings.
import type { ExtractionRecord } from '../core/extraction-record.js';
import type { ExtractOptions, Extractor } from '../core/extractor.js';
import type { Logger } from '../core/logger.js';
import { extractRecord, notAnAuthorization } from '../core/extraction/extract-record.js';
import { readEmail } from '../adapters/mime/read-email.js';
import { createRulesStore } from '../adapters/rules/rules.store.js';

export interface ExtractorFactoryOptions {
  /** IANA zone dates and times are read in (TIMEZONE). */
  timeZone: string;
  /** EXTRACTION_RULES_PATH; empty or null means the bundled defaults only. */
  rulesPath: string | null | undefined;
  logger: Logger;
}

export interface ExtractionEngine extends Extractor {
  /** Problems of the rules file as it is on disk now, or null. */
  rulesProblems(): string | null;
  close(): void;
}

export function createExtractor(opts: ExtractorFactoryOptions): ExtractionEngine {
  const log = opts.logger.child({ component: 'extractor' });
  const rules = createRulesStore({ path: opts.rulesPath, logger: log });
  return {
    async extract(raw: Buffer, options?: ExtractOptions): Promise<ExtractionRecord> {
      const timeZone = options?.timeZone ?? opts.timeZone;
      try {
        const email = await readEmail(raw);
        return extractRecord(email, rules.current(), { timeZone });
      } catch (err) {
        // readEmail and extractRecord are total; this is the last guard of the contract.
        const message = err instanceof Error ? err.message : String(err);
        log.error({ err: message }, 'extraction failed unexpectedly');
        return notAnAuthorization(
          null,
          timeZone,
          ['- email could not be read'],
          [`extraction failed: ${message}`],
        );
      }
    },
    rulesProblems: () => rules.problems(),
    close: () => rules.close(),
  };
}
