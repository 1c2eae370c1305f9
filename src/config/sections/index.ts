// Every configuration variable the product reads, grouped by the part that uses it.
import { apiVars } from './api.section.js';
import { coreVars } from './core.section.js';
import { extractionVars } from './extraction.section.js';
import { imapVars } from './imap.section.js';
import {
  actionVars,
  geocodingVars,
  googleVars,
  invoiceNinjaVars,
  webhookVars,
} from './integrations.section.js';

export const CONFIG_GROUPS = {
  Core: coreVars,
  IMAP: imapVars,
  Extraction: extractionVars,
  InvoiceNinja: invoiceNinjaVars,
  'Google Calendar': googleVars,
  Webhook: webhookVars,
  Mileage: geocodingVars,
  Actions: actionVars,
  'HTTP API': apiVars,
} as const;

export const ALL_VARS = {
  ...coreVars,
  ...imapVars,
  ...extractionVars,
  ...invoiceNinjaVars,
  ...googleVars,
  ...webhookVars,
  ...geocodingVars,
  ...actionVars,
  ...apiVars,
};
