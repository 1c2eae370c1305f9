// Byte-level decoders for the fast MIME path: quoted-printable, base64, charsets (TextDecoder,
// cached per label, latin1 when unknown), RFC 2047 encoded words and RFC 2231 parameters.
import { TextDecoder } from 'node:util';

const decoders = new Map<string, TextDecoder | null>();

/** A cached decoder for a charset label, or null when Node does not know the label. */
export function decoderFor(label: string): TextDecoder | null {
  const key = label.trim().toLowerCase() || 'utf-8';
  let d = decoders.get(key);
  if (d === undefined) {
    try {
      d = new TextDecoder(key);
    } catch {
      d = null;
    }
    if (decoders.size < 200) decoders.set(key, d);
  }
  return d;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// Node 20's TextDecoder decodes windows-1252 as plain latin1 (C1 controls instead of curly
// quotes, dashes, €), so the 0x80–0x9F range is mapped here. Labels that WHATWG treats as
// windows-1252 (latin1, iso-8859-1, us-ascii) use it too: C1 controls never mean anything.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const WINDOWS_1252 = new Set([
  'windows-1252',
  'cp1252',
  'x-cp1252',
  'latin1',
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'l1',
  'ascii',
  'us-ascii',
  'cp819',
  'ibm819',
  'iso-ir-100',
]);

function decodeCp1252(bytes: Uint8Array): string {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return /[\x80-\x9f]/.test(s)
    ? s.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string)
    : s;
}

/** Bytes in a declared charset; with none (or us-ascii), UTF-8 if valid, else windows-1252. */
export function decodeBytes(
  bytes: Uint8Array,
  charset: string | null,
): { text: string; known: boolean } {
  const label = (charset ?? '').trim().toLowerCase();
  if (!label || label === 'us-ascii' || label === 'ascii') {
    try {
      return { text: strictUtf8.decode(bytes), known: true };
    } catch {
      return { text: decodeCp1252(bytes), known: true };
    }
  }
  if (WINDOWS_1252.has(label)) return { text: decodeCp1252(bytes), known: true };
  const d = decoderFor(label);
  if (!d) return { text: decodeCp1252(bytes), known: false };
  return { text: d.decode(bytes), known: true };
}

const HEX = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
};

/** Quoted-printable (a latin1 string of the encoded bytes) → bytes. Lenient, linear. */
export function decodeQuotedPrintable(input: string): Buffer {
  const out = Buffer.allocUnsafe(input.length);
  let n = 0;
  let pos = 0;
  // Plain runs are copied whole; only the `=` escapes are looked at one by one.
  for (let eq = input.indexOf('='); eq >= 0; eq = input.indexOf('=', pos)) {
    if (eq > pos) n += out.write(input.slice(pos, eq), n, 'latin1');
    const a = input.charCodeAt(eq + 1);
    if (a === 13 && input.charCodeAt(eq + 2) === 10) pos = eq + 3;
    else if (a === 10) pos = eq + 2;
    else {
      const h = HEX(a);
      const l = HEX(input.charCodeAt(eq + 2));
      if (h >= 0 && l >= 0) {
        out[n++] = h * 16 + l;
        pos = eq + 3;
      } else {
        out[n++] = 61;
        pos = eq + 1;
      }
    }
  }
  if (pos < input.length) n += out.write(input.slice(pos), n, 'latin1');
  return out.subarray(0, n);
}

/** Quoted-printable "Q" encoding of an encoded word (underscore = space). */
function decodeQWord(input: string): Buffer {
  return decodeQuotedPrintable(input.replace(/_/g, ' '));
}

const ENCODED_WORD = /=\?([^?\s]{1,40})\?([bBqQ])\?([^?\s]*)\?=/g;
const BETWEEN_WORDS = /(=\?[^?\s]{1,40}\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g;

/** A header value (latin1 string of its bytes) with RFC 2047 words and raw UTF-8 decoded. */
export function decodeHeaderValue(raw: string): string {
  // Raw 8-bit bytes (RFC 6532 UTF-8 headers, or a sender's local charset).
  let value = /[\x80-\xff]/.test(raw) ? decodeBytes(Buffer.from(raw, 'latin1'), null).text : raw;
  if (!value.includes('=?')) return value;
  value = value.replace(BETWEEN_WORDS, '$1');
  return value.replace(ENCODED_WORD, (m: string, charset: string, enc: string, data: string) => {
    const bytes = enc === 'b' || enc === 'B' ? Buffer.from(data, 'base64') : decodeQWord(data);
    const cs = charset.split('*')[0] ?? charset;
    return decodeBytes(bytes, cs).text;
  });
}

export interface ParamValue {
  value: string;
  params: Record<string, string>;
}

/** `type/sub; a=b; c="d e"; name*=utf-8''%E2%82%AC` → value + lowercased params. */
export function parseParams(header: string): ParamValue {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i] as string;
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && quoted && i + 1 < header.length) {
      cur += header[++i];
      continue;
    }
    if (ch === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const params: Record<string, string> = {};
  const continued: Record<string, string[]> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    let key = p.slice(0, eq).trim().toLowerCase();
    let val = p.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"') && val.length >= 2) val = val.slice(1, -1);
    const cont = /^(.+)\*(\d+)\*?$/.exec(key);
    if (cont) {
      (continued[cont[1] as string] ??= [])[Number(cont[2])] = val;
      continue;
    }
    if (key.endsWith('*')) {
      key = key.slice(0, -1);
      val = decode2231(val);
    }
    params[key] = decodeHeaderValue(val);
  }
  for (const [key, pieces] of Object.entries(continued)) {
    const joined = pieces.join('');
    params[key] = /^[^']*'[^']*'/.test(joined) ? decode2231(joined) : decodeHeaderValue(joined);
  }
  return { value: (parts[0] ?? '').trim().toLowerCase(), params };
}

/** RFC 2231 `charset'lang'%XX…` → text. */
function decode2231(val: string): string {
  const m = /^([^']*)'[^']*'(.*)$/.exec(val);
  if (!m) return val;
  const bytes = Buffer.from(
    (m[2] as string).replace(/%([0-9a-f]{2})/gi, (_s, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    ),
    'latin1',
  );
  return decodeBytes(bytes, m[1] || 'utf-8').text;
}
