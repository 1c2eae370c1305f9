// Assembles the extraction engine: the MIME reader (adapters/mime), the rules store
// (defaults + EXTRACTION_RULES_PATH, reloaded on change) and the pure rules
// (core/extraction). `extract` never rejects: unreadable input gives a record with warnings.
// The reading code (MIME reader, extraction rules) is imported on the first email, not at
// start: module code stays resident for the life of the process, and an idle `serve` or a
// main thread whose emails all go to the worker need not hold it.
import type { ExtractionRecord } from '../core/extraction-record.js';
import type { ExtractOptions, Extractor } from '../core/extractor.js';
import type { Logger } from '../core/logger.js';
import type * as ReadEmailModule from '../adapters/mime/read-email.js';
import type * as ExtractRecordModule from '../core/extraction/extract-record.js';
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

type ReadingCode = [typeof ReadEmailModule, typeof ExtractRecordModule];
let readingCode: Promise<ReadingCode> | null = null;
/** Loaded once per thread, on the first email. */
const loadReadingCode = (): Promise<ReadingCode> =>
  (readingCode ??= Promise.all([
    import('../adapters/mime/read-email.js'),
    import('../core/extraction/extract-record.js'),
  ]));

export function createExtractor(opts: ExtractorFactoryOptions): ExtractionEngine {
  const log = opts.logger.child({ component: 'extractor' });
  const rules = createRulesStore({ path: opts.rulesPath, logger: log });
  return {
    async extract(raw: Buffer, options?: ExtractOptions): Promise<ExtractionRecord> {
      const timeZone = options?.timeZone ?? opts.timeZone;
      const [{ readEmail }, { extractRecord, notAnAuthorization }] = await loadReadingCode();
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
