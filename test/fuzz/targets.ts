// The fuzz targets: each takes one mutated email and throws when the contract is broken.
// `npm run fuzz` runs them all (or the ones named); new targets (the pipeline) register here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../src/core/logger.js';
import { createExtractor } from '../../src/services/extractor.factory.js';
import { shapeProblems } from './record-shape.js';

export interface FuzzTarget {
  name: string;
  /** Called once before the run. */
  setup(): Promise<void>;
  run(raw: Buffer): Promise<void>;
  teardown(): Promise<void>;
}

export function seedEmails(): Buffer[] {
  const out: Buffer[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.eml')) out.push(readFileSync(p));
    }
  };
  walk(new URL('../fixtures/emails/', import.meta.url).pathname);
  try {
    walk(new URL('../../../shared/samples/', import.meta.url).pathname);
  } catch {
    // the shared samples are optional
  }
  return out;
}

export function extractionTarget(): FuzzTarget {
  let extractor: ReturnType<typeof createExtractor> | null = null;
  return {
    name: 'extraction',
    async setup() {
      extractor = createExtractor({
        timeZone: 'America/Chicago',
        rulesPath: null,
        logger: silentLogger,
      });
    },
    async run(raw) {
      if (!extractor) throw new Error('not set up');
      const record = await extractor.extract(raw);
      const problems = shapeProblems(record);
      if (problems.length) throw new Error(`malformed record: ${problems.join(', ')}`);
    },
    async teardown() {
      extractor?.close();
    },
  };
}

/** Every registered target by name. */
export const TARGETS: Record<string, () => FuzzTarget> = {
  extraction: extractionTarget,
};
