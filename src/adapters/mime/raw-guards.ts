// Cheap linear checks on the raw bytes before mailparser sees them: caps the size, defuses
// header bombs and pathologically deep multipart nesting, and maps charsets nobody can
// decode to latin1. Every change made here is reported as a warning.

export interface RawLimits {
  /** Bytes read at most; the rest of the message is dropped. */
  maxRawBytes: number;
  /** Header fields kept at most in the top-level header block. */
  maxHeaderFields: number;
  /** Characters kept at most per header field. */
  maxHeaderFieldChars: number;
  /** Multipart / message containers kept at most; later ones are read as opaque parts. */
  maxContainers: number;
}

export const DEFAULT_RAW_LIMITS: RawLimits = {
  maxRawBytes: 40 * 1024 * 1024,
  maxHeaderFields: 500,
  maxHeaderFieldChars: 16 * 1024,
  maxContainers: 48,
};

/** Headers a reader needs, kept even from a bomb's tail. */
const ESSENTIAL =
  /^(from|to|cc|subject|date|message-id|in-reply-to|references|mime-version|content-[a-z-]+):/i;
const CONTAINER = /(content-type:[ \t]*(?:\r?\n[ \t]+)?)(multipart|message)\//gi;
/** A Content-Type header field with its folded lines (never body text: QP has `=3D`). */
const CONTENT_TYPE_FIELD = /^content-type:[^\n]*(?:\n[ \t][^\n]*)*/gim;
const CHARSET = /(charset\s*=\s*"?)([^"';\s]+)/gi;

const charsetCache = new Map<string, boolean>();

/** True when the charset label is one Node (or mailparser's iconv tables) can decode. */
export function isKnownCharset(label: string): boolean {
  const key = label.toLowerCase();
  let known = charsetCache.get(key);
  if (known === undefined) {
    try {
      new TextDecoder(key);
      known = true;
    } catch {
      known = /^(utf-?7|utf-?16|utf-?32|ucs-?2|binary|ascii|cp\d{3,5}|ibm\d{3,5}|iso-?646.*)$/.test(
        key,
      );
    }
    if (charsetCache.size < 1000) charsetCache.set(key, known);
  }
  return known;
}

export function guardRaw(
  input: Buffer,
  limits: RawLimits = DEFAULT_RAW_LIMITS,
): { raw: Buffer; warnings: string[] } {
  const warnings: string[] = [];
  let raw = input;
  if (raw.length > limits.maxRawBytes) {
    raw = raw.subarray(0, limits.maxRawBytes);
    warnings.push(`message larger than ${limits.maxRawBytes} bytes: the rest was not read`);
  }
  let text = raw.toString('latin1');
  let changed = false;

  const headerEnd = findHeaderEnd(text);
  const head = text.slice(0, headerEnd);
  const fields = splitFields(head);
  const oversized = fields.some((f) => f.length > limits.maxHeaderFieldChars);
  if (fields.length > limits.maxHeaderFields || oversized) {
    const kept: string[] = [];
    let dropped = 0;
    for (const f of fields) {
      const keep =
        kept.length < limits.maxHeaderFields ||
        (ESSENTIAL.test(f) && kept.length < limits.maxHeaderFields * 2);
      if (!keep) {
        dropped++;
        continue;
      }
      kept.push(
        f.length > limits.maxHeaderFieldChars ? f.slice(0, limits.maxHeaderFieldChars) + '\r\n' : f,
      );
    }
    if (dropped) warnings.push(`header bomb: ${fields.length} header fields, ${dropped} dropped`);
    if (oversized)
      warnings.push(`header field longer than ${limits.maxHeaderFieldChars} characters was cut`);
    text = kept.join('') + text.slice(headerEnd);
    changed = true;
  }

  let containers = 0;
  let flattened = 0;
  text = text.replace(CONTAINER, (m: string, prefix: string, kind: string) => {
    containers++;
    if (containers <= limits.maxContainers) return m;
    flattened++;
    changed = true;
    return `${prefix}application/x-flattened-${kind.toLowerCase()}-`;
  });
  if (flattened)
    warnings.push(`multipart nesting too deep: ${flattened} inner containers not read`);

  const unknown = new Set<string>();
  text = text.replace(CONTENT_TYPE_FIELD, (field: string) =>
    field.replace(CHARSET, (m: string, prefix: string, label: string) => {
      if (isKnownCharset(label)) return m;
      unknown.add(label);
      changed = true;
      return `${prefix}iso-8859-1`;
    }),
  );
  for (const label of unknown)
    warnings.push(`unknown charset "${label.slice(0, 40)}" read as latin1`);

  return { raw: changed ? Buffer.from(text, 'latin1') : raw, warnings };
}

/** Index just past the blank line ending the header block (the whole text if none). */
function findHeaderEnd(text: string): number {
  const lf = text.indexOf('\n\n');
  const crlf = text.indexOf('\r\n\r\n');
  if (lf < 0 && crlf < 0) return text.length;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf + 2;
  return lf + 1;
}

/** Splits a header block into fields, each with its folded continuation lines. */
function splitFields(head: string): string[] {
  const fields: string[] = [];
  let start = 0;
  let pos = 0;
  while (pos < head.length) {
    let nl = head.indexOf('\n', pos);
    if (nl < 0) nl = head.length - 1;
    const next = nl + 1;
    const c = head.charCodeAt(next);
    if (next >= head.length || (c !== 0x20 && c !== 0x09)) {
      fields.push(head.slice(start, next));
      start = next;
    }
    pos = next;
  }
  return fields;
}
