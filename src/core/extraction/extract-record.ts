// From a ReadableEmail to the ExtractionRecord: build the document, run every field reader,
// classify with their evidence, then combine times (range → duration, start + duration →
// end) and blank everything for a non-authorization. Pure and total: it never throws.
import type { ExtractionRecord, EmailSummary } from '../extraction-record.js';
import { emptyFields } from '../extraction-record.js';
import type { ReadableEmail } from '../readable-email.js';
import { buildDocument } from './document.js';
import { classify } from './classify.js';
import type { ExtractionRules } from './rules.types.js';
import { formatMinutes, spanHours } from './times.js';
import { round2 } from './text.js';
import {
  readAuthorizationId,
  readClient,
  readDate,
  readDuration,
  readLocation,
  readMileage,
  readRecipient,
  readService,
  readTimes,
  type Found,
} from './fields/index.js';

export interface ExtractRecordOptions {
  timeZone: string;
}

export function summarizeEmail(email: ReadableEmail): EmailSummary {
  const from = email.original?.from ?? email.from;
  return {
    messageId: email.messageId,
    subject: email.subject || null,
    from: from?.address ?? null,
    date: email.original?.date ?? email.date,
    attachments: email.attachments,
  };
}

export function notAnAuthorization(
  email: ReadableEmail | null,
  timeZone: string,
  reasons: string[],
  warnings: string[],
): ExtractionRecord {
  return {
    ...emptyFields(),
    isAuthorization: false,
    kind: null,
    confidence: 0,
    reasons,
    warnings,
    sources: {},
    timeZone,
    email: email
      ? summarizeEmail(email)
      : { messageId: null, subject: null, from: null, date: null, attachments: [] },
  };
}

export function extractRecord(
  email: ReadableEmail,
  rules: ExtractionRules,
  opts: ExtractRecordOptions,
): ExtractionRecord {
  try {
    return extractUnsafe(email, rules, opts);
  } catch (err) {
    return notAnAuthorization(
      email,
      opts.timeZone,
      ['- extraction failed'],
      [...email.warnings, `extraction error: ${err instanceof Error ? err.message : String(err)}`],
    );
  }
}

function extractUnsafe(
  email: ReadableEmail,
  rules: ExtractionRules,
  opts: ExtractRecordOptions,
): ExtractionRecord {
  const doc = buildDocument(email, rules, opts.timeZone);
  const allowSubject = !(email.isReply && !email.isForward);
  const id = readAuthorizationId(doc, allowSubject);
  const recipient = readRecipient(doc);
  const date = readDate(doc);
  const times = readTimes(doc);
  const stated = readDuration(doc);
  const location = readLocation(doc);
  const mileage = readMileage(doc);
  const client = readClient(doc);
  const service = readService(doc);

  const details: string[] = [];
  if (date) details.push('date');
  if (times.start) details.push('time');
  if (recipient) details.push('person served');
  if (location) details.push('location');
  if (stated && stated.source !== 'sender rule') details.push('duration');
  if (mileage) details.push('mileage');
  const verdict = classify(doc, { hasId: !!id && id.source !== 'subject', details });
  const warnings = [...email.warnings];
  if (!verdict.isAuthorization) {
    return {
      ...notAnAuthorization(email, doc.timeZone, verdict.reasons, warnings),
      confidence: verdict.confidence,
    };
  }

  const sources: Record<string, string> = {};
  const take = <T>(key: string, f: Found<T> | null): T | null => {
    if (!f) return null;
    sources[key] = f.source;
    return f.value;
  };
  const isNew = verdict.kind === 'new';
  // Per-sender defaults fill gaps of a new authorization only: amendments and cancellations
  // carry just what they state.
  const duration = stated && (isNew || stated.source !== 'sender rule') ? stated : null;
  let startTime: string | null = null;
  let endTime: string | null = null;
  let durationHours: number | null = null;
  if (times.start && times.end) {
    startTime = formatMinutes(take('service.startTime', times.start) ?? 0);
    endTime = formatMinutes(take('service.endTime', times.end) ?? 0);
    durationHours = spanHours(times.start.value, times.end.value);
    sources['service.durationHours'] = 'time range';
  } else if (times.start) {
    startTime = formatMinutes(take('service.startTime', times.start) ?? 0);
    if (duration) {
      durationHours = round2(take('service.durationHours', duration) ?? 0);
      endTime = formatMinutes(times.start.value + Math.round(duration.value * 60));
      sources['service.endTime'] = 'start + duration';
    }
  } else if (duration) {
    durationHours = round2(take('service.durationHours', duration) ?? 0);
  }

  const svc = service && (isNew || service.source !== 'sender rule') ? service : null;
  if (!id) warnings.push('no authorization id found');
  if (!date) warnings.push('no service date found');
  return {
    isAuthorization: true,
    kind: verdict.kind,
    authorizationId: take('authorizationId', id),
    client: { name: take('client.name', client.name), email: take('client.email', client.email) },
    recipient: { name: take('recipient.name', recipient) },
    service: {
      description: take('service.description', svc),
      date: take('service.date', date),
      startTime,
      endTime,
      durationHours,
      location: take('service.location', location),
    },
    mileage: take('mileage', mileage),
    confidence: verdict.confidence,
    reasons: verdict.reasons,
    warnings,
    sources,
    timeZone: doc.timeZone,
    email: summarizeEmail(email),
  };
}
