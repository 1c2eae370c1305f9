import { str } from '../spec.js';

export const extractionVars = {
  EXTRACTION_RULES_PATH: str({
    doc: 'Optional JSON or YAML file of extra label aliases, keywords and per-sender overrides; reloaded on change.',
  }),
};
