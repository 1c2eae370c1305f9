// Deterministic mixed mailboxes for benchmarks, the soak and the pipeline fuzz: service
// authorizations in several layouts (label lines, HTML tables, narrative, PDF attachment,
// forwards), amendments and cancellations of earlier ones, and the ordinary mail around them
// (newsletters, replies that quote, receipts, card alerts, pending requests). Every name,
// agency and domain is generated here; none comes from the labelled samples.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { intBetween, pick, seededRng, type Rng } from './random.js';

export type CorpusKind =
  | 'auth-text'
  | 'auth-html'
  | 'auth-narrative'
  | 'auth-pdf'
  | 'auth-forward'
  | 'amendment'
  | 'cancellation'
  | 'newsletter'
  | 'reply-quote'
  | 'receipt'
  | 'card-alert'
  | 'pending-request';

export interface CorpusEmail {
  index: number;
  kind: CorpusKind;
  raw: Buffer;
  messageId: string;
  /** What a correct engine concludes. */
  expected: {
    isAuthorization: boolean;
    authorizationId: string | null;
    kind: 'new' | 'amendment' | 'cancellation' | null;
    serviceDate: string | null;
  };
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  /** The Date: header of the first email; later ones follow a few minutes apart. */
  start?: Date;
  /** Share of authorizations among all mail (default 0.4). */
  authorizationShare?: number;
  /** Share of authorizations carrying a PDF (default 0.05): PDFs are slow to generate. */
  pdfShare?: number;
  /** Pad bodies so the average email is about this many bytes (default 11,000). */
  targetBytes?: number;
}

const FIRST = [
  'Avery',
  'Jordan',
  'Rowan',
  'Emery',
  'Quinn',
  'Harper',
  'Dakota',
  'Reese',
  'Sawyer',
  'Marlo',
  'Tatum',
  'Lennox',
  'Corin',
  'Ilsa',
  'Bram',
  'Odette',
];
const LAST = [
  'Okafor',
  'Lindqvist',
  'Marchetti',
  'Delacroix',
  'Nakamura',
  'Vasquez',
  'Thorne',
  'Abernathy',
  'Kowalczyk',
  'Haddad',
  'Ferreira',
  'Ostrowski',
  'Mbeki',
  'Castellano',
];
const PLACES = [
  'Ashford',
  'Briar Glen',
  'Copper Falls',
  'Dunmore',
  'Elk Hollow',
  'Fairhaven',
  'Granite Bay',
  'Hollis Point',
];
const AGENCY_TYPES = [
  ['Vocational Rehabilitation Services', 'vrs'],
  ['County Developmental Disabilities Board', 'ddb'],
  ['Unified School District', 'usd'],
  ['Medicaid Waiver Case Management', 'mwcm'],
  ['Regional Transit Authority', 'rta'],
  ['Community Health Plan', 'chp'],
] as const;
const SERVICES = [
  'Job coaching',
  'ASL interpreting',
  'In-home therapy',
  'Respite care',
  'Non-emergency transport',
  'Occupational therapy',
];
const STREETS = [
  'Maple Ave',
  'Hawthorne St',
  'Ridgeway Blvd',
  'Quarry Rd',
  'Lantern Ln',
  'Orchard Way',
];
const STATES = ['IL', 'OH', 'WI', 'MN', 'IA', 'MO'];

interface Agency {
  name: string;
  domain: string;
  prefix: string;
  contact: string;
}

function makeAgency(rng: Rng): Agency {
  const place = pick(rng, PLACES);
  const [type, abbr] = pick(rng, AGENCY_TYPES);
  const domain = `${place.toLowerCase().replace(/\s+/g, '')}-${abbr}.test`;
  const first = pick(rng, FIRST);
  const last = pick(rng, LAST);
  return {
    name: `${place} ${type}`,
    domain,
    prefix: `${place.slice(0, 2).toUpperCase()}${abbr.slice(0, 1).toUpperCase()}`,
    contact: `${first} ${last} <${first.toLowerCase()}.${last.toLowerCase()}@${domain}>`,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoDate = (d: Date) =>
  `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
const usDate = (d: Date) =>
  `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()}`;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const longDate = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
const ampm = (h: number, m: number) => `${((h + 11) % 12) + 1}:${pad2(m)} ${h < 12 ? 'AM' : 'PM'}`;

function headers(from: string, subject: string, date: Date, messageId: string, extra = ''): string {
  return (
    `Message-ID: <${messageId}>\r\nDate: ${date.toUTCString().replace('GMT', '+0000')}\r\nFrom: ${from}\r\n` +
    `To: Vendor Office <office@vendor-bench.test>\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\n${extra}`
  );
}

function filler(rng: Rng, bytes: number): string {
  const sentences = [
    'This message may contain confidential health information protected by federal and state law.',
    'If you received it in error, notify the sender and delete it without copying or forwarding it.',
    'Providers must keep records of services delivered for at least six years after the last billing.',
    'Questions about billing procedures can be directed to the provider relations line during business hours.',
    'Our offices will be closed on state holidays; messages received then are answered the next business day.',
  ];
  let out = '';
  while (out.length < bytes) out += pick(rng, sentences) + (rng() < 0.2 ? '\r\n\r\n' : ' ');
  return out;
}

interface AuthFacts {
  agency: Agency;
  id: string;
  person: string;
  service: string;
  date: Date;
  startHour: number;
  hours: number;
  address: string;
  miles: number | null;
}

function makeFacts(rng: Rng, agency: Agency, base: Date, seq: number): AuthFacts {
  const date = new Date(base.getTime() + intBetween(rng, -20, 40) * 86_400_000);
  return {
    agency,
    id: `${agency.prefix}-${base.getUTCFullYear()}-${String(10000 + seq).slice(1)}`,
    person: `${pick(rng, FIRST)} ${pick(rng, LAST)}`,
    service: pick(rng, SERVICES),
    date,
    startHour: intBetween(rng, 8, 15),
    hours: pick(rng, [1, 1.5, 2, 2.5, 3]),
    address: `${intBetween(rng, 100, 9899)} ${pick(rng, STREETS)}, ${pick(rng, PLACES)}, ${pick(rng, STATES)} ${intBetween(rng, 50000, 65999)}`,
    miles: rng() < 0.5 ? intBetween(rng, 4, 60) : null,
  };
}

function labelLines(f: AuthFacts): string {
  const endH = f.startHour + Math.floor(f.hours);
  const endM = (f.hours % 1) * 60;
  return [
    `Authorization Number: ${f.id}`,
    `Consumer: ${f.person}`,
    `Service: ${f.service}`,
    `Service Date: ${usDate(f.date)}`,
    `Time: ${ampm(f.startHour, 0)} - ${ampm(endH, endM)}`,
    `Service Address: ${f.address}`,
    ...(f.miles !== null ? [`Mileage: ${f.miles} miles`] : []),
  ].join('\r\n');
}

function signature(f: AuthFacts): string {
  const name = f.agency.contact.replace(/ <.*$/, '');
  return `${name}\r\nService Coordinator\r\n${f.agency.name}\r\n(555) 555-01${pad2(f.id.length)}`;
}

async function pdfFor(f: AuthFacts): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lines = [
    f.agency.name.toUpperCase(),
    'Service Authorization',
    ...labelLines(f).split('\r\n'),
  ];
  lines.forEach((line, i) => page.drawText(line, { x: 60, y: 740 - i * 16, size: 10, font }));
  return Buffer.from(await doc.save());
}

const b64 = (buf: Buffer) => buf.toString('base64').replace(/.{76}/g, '$&\r\n');

export async function* generateCorpus(opts: CorpusOptions): AsyncGenerator<CorpusEmail> {
  const rng = seededRng(opts.seed ?? 42);
  const start = opts.start ?? new Date(Date.UTC(2026, 10, 1, 14, 0, 0));
  const authShare = opts.authorizationShare ?? 0.4;
  const pdfShare = opts.pdfShare ?? 0.05;
  const target = opts.targetBytes ?? 11_000;
  const agencies = Array.from({ length: 12 }, () => makeAgency(rng));
  const issued: AuthFacts[] = [];

  for (let index = 0; index < opts.count; index++) {
    const date = new Date(start.getTime() + index * 90_000);
    const messageId = `bench-${opts.seed ?? 42}-${index}@vendor-bench.test`;
    const agency = pick(rng, agencies);
    const pad = filler(rng, Math.max(0, target - 1500 + intBetween(rng, -2000, 2000)));
    let kind: CorpusKind;
    let raw: string;
    let expected: CorpusEmail['expected'] = {
      isAuthorization: false,
      authorizationId: null,
      kind: null,
      serviceDate: null,
    };

    if (rng() < authShare) {
      const roll = rng();
      if (issued.length > 5 && roll < 0.08) {
        const f = pick(rng, issued);
        kind = 'amendment';
        const newDate = new Date(f.date.getTime() + 7 * 86_400_000);
        raw =
          headers(
            f.agency.contact,
            `REVISED Service Authorization ${f.id}`,
            date,
            messageId,
            'Content-Type: text/plain; charset="us-ascii"\r\n',
          ) +
          `\r\nThe authorization below has been revised. The service date has changed.\r\n\r\n` +
          `Authorization Number: ${f.id}\r\nRevised Service Date: ${usDate(newDate)}\r\n\r\n${signature(f)}\r\n\r\n${pad}\r\n`;
        expected = {
          isAuthorization: true,
          authorizationId: f.id,
          kind: 'amendment',
          serviceDate: isoDate(newDate),
        };
      } else if (issued.length > 5 && roll < 0.12) {
        const f = pick(rng, issued);
        kind = 'cancellation';
        raw =
          headers(
            f.agency.contact,
            `CANCELLED: Service Authorization ${f.id}`,
            date,
            messageId,
            'Content-Type: text/plain; charset="us-ascii"\r\n',
          ) +
          `\r\nPlease cancel the authorization below. Do not deliver or bill this service.\r\n\r\n` +
          `Authorization Number: ${f.id}\r\nConsumer: ${f.person}\r\nService Date: ${usDate(f.date)}\r\n\r\n${signature(f)}\r\n\r\n${pad}\r\n`;
        expected = {
          isAuthorization: true,
          authorizationId: f.id,
          kind: 'cancellation',
          serviceDate: isoDate(f.date),
        };
      } else {
        const f = makeFacts(rng, agency, date, index);
        issued.push(f);
        expected = {
          isAuthorization: true,
          authorizationId: f.id,
          kind: 'new',
          serviceDate: isoDate(f.date),
        };
        const layout = rng();
        if (layout < pdfShare) {
          kind = 'auth-pdf';
          const boundary = `b-${index}`;
          raw =
            headers(
              agency.contact,
              `Service authorization ${f.id}`,
              date,
              messageId,
              `Content-Type: multipart/mixed; boundary="${boundary}"\r\n`,
            ) +
            `\r\n--${boundary}\r\nContent-Type: text/plain; charset="us-ascii"\r\n\r\nPlease see the attached service authorization.\r\n\r\n${signature(f)}\r\n` +
            `--${boundary}\r\nContent-Type: application/pdf; name="authorization-${index}.pdf"\r\nContent-Transfer-Encoding: base64\r\n` +
            `Content-Disposition: attachment; filename="authorization-${index}.pdf"\r\n\r\n${b64(await pdfFor(f))}\r\n--${boundary}--\r\n`;
        } else if (layout < 0.35) {
          kind = 'auth-html';
          const rows = labelLines(f)
            .split('\r\n')
            .map((l) => l.split(': '))
            .map(([k, v]) => `<tr><th align="left">${k}</th><td>${v}</td></tr>`)
            .join('\r\n');
          raw =
            headers(
              agency.contact,
              `Service authorization approved`,
              date,
              messageId,
              'Content-Type: text/html; charset="utf-8"\r\n',
            ) +
            `\r\n<html><body><p>Hello,</p><p>The service below has been authorized.</p>\r\n<table border="1">\r\n${rows}\r\n</table>\r\n` +
            `<p>${signature(f).replace(/\r\n/g, '<br>\r\n')}</p><p style="color:#777">${pad}</p></body></html>\r\n`;
        } else if (layout < 0.55) {
          kind = 'auth-narrative';
          const endH = f.startHour + Math.floor(f.hours);
          raw =
            headers(
              agency.contact,
              `Authorization ${f.id}`,
              date,
              messageId,
              'Content-Type: text/plain; charset="us-ascii"\r\n',
            ) +
            `\r\nHello,\r\n\r\nYou are authorized to provide ${f.hours} hours of ${f.service.toLowerCase()} for ${f.person} on ${longDate(f.date)} ` +
            `from ${ampm(f.startHour, 0)} to ${ampm(endH, (f.hours % 1) * 60)} at ${f.address}. The authorization number is ${f.id}.\r\n\r\n` +
            `${signature(f)}\r\n\r\n${pad}\r\n`;
        } else if (layout < 0.7) {
          kind = 'auth-forward';
          raw =
            headers(
              'Vendor Office <office@vendor-bench.test>',
              `Fwd: Service Authorization ${f.id}`,
              date,
              messageId,
              'Content-Type: text/plain; charset="us-ascii"\r\n',
            ) +
            `\r\nFor the records.\r\n\r\n---------- Forwarded message ---------\r\nFrom: ${agency.contact}\r\n` +
            `Date: ${date.toUTCString()}\r\nSubject: Service Authorization ${f.id}\r\nTo: Vendor Office <office@vendor-bench.test>\r\n\r\n` +
            `${labelLines(f)}\r\n\r\n${signature(f)}\r\n\r\n${pad}\r\n`;
        } else {
          kind = 'auth-text';
          raw =
            headers(
              agency.contact,
              `Service Authorization ${f.id} - ${f.service}`,
              date,
              messageId,
              'Content-Type: text/plain; charset="us-ascii"\r\n',
            ) +
            `\r\nGood afternoon,\r\n\r\n${agency.name} has authorized the following service.\r\n\r\n${labelLines(f)}\r\n\r\n${signature(f)}\r\n\r\n${pad}\r\n`;
        }
      }
    } else {
      const roll = rng();
      const person = `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
      if (roll < 0.3) {
        kind = 'newsletter';
        raw =
          headers(
            `${agency.name} News <news@${agency.domain}>`,
            `Provider newsletter - ${MONTHS[date.getUTCMonth()]}`,
            date,
            messageId,
            'Content-Type: text/html; charset="utf-8"\r\nList-Unsubscribe: <mailto:unsubscribe@news.test>\r\n',
          ) +
          `\r\n<html><body><h1>Provider update</h1><p>New billing guidance for service authorizations takes effect next quarter.</p><p>${pad}</p></body></html>\r\n`;
      } else if (roll < 0.5 && issued.length > 0) {
        const f = pick(rng, issued);
        kind = 'reply-quote';
        raw =
          headers(
            'Vendor Office <office@vendor-bench.test>',
            `Re: Service Authorization ${f.id}`,
            date,
            messageId,
            `In-Reply-To: <orig-${f.id}@test>\r\nContent-Type: text/plain; charset="us-ascii"\r\n`,
          ) +
          `\r\nThanks, received. We will schedule it.\r\n\r\nOn ${date.toUTCString()}, ${f.agency.contact} wrote:\r\n` +
          labelLines(f)
            .split('\r\n')
            .map((l) => `> ${l}`)
            .join('\r\n') +
          `\r\n\r\n${pad}\r\n`;
      } else if (roll < 0.7) {
        kind = 'receipt';
        raw =
          headers(
            'Billing <billing@payments-bench.test>',
            `Payment received - Invoice ${intBetween(rng, 1000, 9999)}`,
            date,
            messageId,
            'Content-Type: text/plain; charset="us-ascii"\r\n',
          ) +
          `\r\nWe received your payment of $${intBetween(rng, 50, 900)}.00. Thank you for your business.\r\n\r\n${pad}\r\n`;
      } else if (roll < 0.85) {
        kind = 'card-alert';
        raw =
          headers(
            'Card Services <alerts@bank-bench.test>',
            'Card authorization alert',
            date,
            messageId,
            'Content-Type: text/plain; charset="us-ascii"\r\n',
          ) +
          `\r\nA purchase of $${intBetween(rng, 5, 300)}.${pad2(intBetween(rng, 0, 99))} was authorized on your card ending in ${intBetween(rng, 1000, 9999)}.\r\n` +
          `Merchant: OFFICE SUPPLY ${intBetween(rng, 10, 99)}\r\nAuthorization code: ${intBetween(rng, 100000, 999999)}\r\n\r\n${pad}\r\n`;
      } else {
        kind = 'pending-request';
        raw =
          headers(
            agency.contact,
            `Authorization request received - ${person}`,
            date,
            messageId,
            'Content-Type: text/plain; charset="us-ascii"\r\n',
          ) +
          `\r\nWe received your request for prior authorization of services for ${person}. It is pending review;\r\n` +
          `no services are authorized until you receive an approval.\r\n\r\nRequest Number: REQ-${intBetween(rng, 10000, 99999)}\r\n\r\n${pad}\r\n`;
      }
    }
    yield { index, kind, raw: Buffer.from(raw, 'utf8'), messageId, expected };
  }
}

/** Convenience: the whole corpus in memory. */
export async function buildCorpus(opts: CorpusOptions): Promise<CorpusEmail[]> {
  const out: CorpusEmail[] = [];
  for await (const email of generateCorpus(opts)) out.push(email);
  return out;
}
