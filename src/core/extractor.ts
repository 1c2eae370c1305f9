// The port through which the pipeline reaches the extraction engine.
import type { ExtractionRecord } from './extraction-record.js';

export interface ExtractOptions {
  /** Overrides the configured TIMEZONE for this call. */
  timeZone?: string;
}

export interface Extractor {
  /**
   * Reads one email from its raw bytes. Never throws for bad input: a malformed email gives a
   * record with isAuthorization=false (or partial fields) and warnings saying what was wrong.
   */
  extract(raw: Buffer, options?: ExtractOptions): Promise<ExtractionRecord>;
}
