// The lines mail clients write where a forwarded or quoted message starts (Gmail, Outlook,
// Apple Mail, Thunderbird; English plus common European localisations), and the subject
// prefixes that say whether a message is a reply or a forward.

export type ThreadKind = 'reply' | 'forward' | null;

const REPLY_PREFIX = /^(re|aw|sv|antw|odp|ynt|rif|res|r|atb|vá|vs)$/i;
const FORWARD_PREFIX = /^(fwd|fw|wg|tr|rv|enc|doorst|vl|vb|fwd?)$/i;

/** The outermost `Re:`/`Fwd:` prefix of a subject (after `[EXTERNAL]`-style tags). */
export function subjectThreadKind(subject: string): ThreadKind {
  let s = subject.trim();
  // Gateways prepend tags like `[EXTERNAL]` or `*EXT*`; the client prefix follows them.
  for (let i = 0; i < 3; i++) {
    const tag = /^(\[[^\]]{1,30}\]|\*[^*]{1,20}\*)\s*/.exec(s);
    if (!tag) break;
    s = s.slice(tag[0].length);
  }
  const m = /^([A-Za-zÀ-ÿ]{1,6})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]/.exec(s);
  if (!m) return null;
  const word = m[1] as string;
  if (FORWARD_PREFIX.test(word)) return 'forward';
  if (REPLY_PREFIX.test(word)) return 'reply';
  return null;
}

/** Strips `> ` quote prefixes and markdown-style bold stars from a line. */
export function unquote(line: string): string {
  return line.replace(/^(\s*>)+\s?/, '').replace(/^\s*\*+([^*]+)\*+/, '$1');
}

export const isQuotedLine = (line: string): boolean => /^\s*>/.test(line);

const FORWARD_WORDS =
  'forwarded message|forwarded e-?mail|weitergeleitete nachricht|message transf[ée]r[ée]|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|videresendt melding|vidarebefordrat meddelande|mensagem encaminhada|wiadomo[śs][ćc] przekazana';
/** `---------- Forwarded message ---------`, `-------- Forwarded Message --------`. */
const FORWARD_RULE = new RegExp(
  `^\\s*[-–—=_*]{2,}\\s*(${FORWARD_WORDS})\\s*[-–—=_*]{2,}\\s*$`,
  'i',
);
/** Apple Mail and others: `Begin forwarded message:`. */
const FORWARD_BEGIN =
  /^\s*(begin forwarded message|anfang der weitergeleiteten nachricht|d[ée]but du message r[ée]exp[ée]di[ée]|inicio del mensaje reenviado|forwarded message)\s*:?\s*$/i;
/** `-----Original Message-----` (Outlook, Thunderbird): a forward or a reply, by context. */
const ORIGINAL_RULE =
  /^\s*[-–—_]{2,}\s*(original message|urspr[üu]ngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|opprinnelig melding|ursprungligt meddelande)\s*[-–—_]{2,}\s*$/i;
const UNDERSCORE_RULE = /^\s*_{10,}\s*$/;

export const HEADER_KEYS = {
  from: /^(from|von|de|da|van|fra|od|fr[åa]n|lähettäjä)$/i,
  date: /^(date|sent|datum|gesendet|envoy[ée]|enviado|fecha|data|inviato|verzonden|sendt|skickat|date d'envoi|sent at)$/i,
  subject: /^(subject|betreff|objet|asunto|oggetto|onderwerp|emne|[äa]mne|assunto|sujet|temat)$/i,
  to: /^(to|an|[àa]|para|aan|til|till|a|cc)$/i,
};

/** Splits `Key: value` (quote prefixes and bold stars removed); null for other lines. */
export function headerLine(line: string): { key: string; value: string } | null {
  if (line.length > MAX_MARKER_LINE) return null;
  const m = /^([A-Za-zÀ-ÿ' ]{1,14}?)\s*\*{0,2}\s*[:：]\s*\*{0,2}\s*(.*)$/.exec(
    unquote(line).trim(),
  );
  if (!m) return null;
  return { key: (m[1] as string).trim(), value: (m[2] as string).trim() };
}

function keyKind(key: string): keyof typeof HEADER_KEYS | null {
  for (const k of Object.keys(HEADER_KEYS) as (keyof typeof HEADER_KEYS)[]) {
    if (HEADER_KEYS[k].test(key)) return k;
  }
  return null;
}

export function headerKind(line: string): { kind: keyof typeof HEADER_KEYS; value: string } | null {
  const h = headerLine(line);
  if (!h) return null;
  const kind = keyKind(h.key);
  return kind ? { kind, value: h.value } : null;
}

/**
 * An Outlook-style header block starts at `lines[i]`: a `From:` naming a person or address,
 * then within a few lines a `Sent:` line, or (with an address in `From:`) both a `Date:` and a
 * `Subject:`/`To:` line.
 * (A bare `From: 9:00 AM / To: 11:00 AM` pair in an authorization is not a header block.)
 */
export function isHeaderBlockAt(lines: readonly string[], i: number): boolean {
  const first = headerKind(lines[i] ?? '');
  if (!first || first.kind !== 'from' || !/^[^\d\s]/.test(first.value)) return false;
  let sent = false;
  let date = false;
  let other = false;
  for (let j = i + 1; j < Math.min(lines.length, i + 7); j++) {
    const h = headerKind(lines[j] ?? '');
    if (!h) {
      if ((lines[j] ?? '').trim() === '') break;
      continue;
    }
    if (h.kind === 'date') {
      if (
        /^(sent|gesendet|envoy|enviado|inviato|verzonden|sendt|skickat)/i.test(
          headerLine(lines[j] ?? '')?.key ?? '',
        )
      )
        sent = true;
      else date = true;
    } else if (h.kind === 'subject' || h.kind === 'to') other = true;
  }
  // A memo-style letter head (`From: County DDS / Date: … / To: …`) names no address.
  return sent || (date && other && /@/.test(first.value));
}

/** No marker or header line is this long; longer lines are not examined. */
const MAX_MARKER_LINE = 1000;

/** Cheap pre-check: every marker has a colon, a rule of dashes/underscores, or a forward word. */
const MAY_BE_MARKER = /:|^[\s>]*[-_=*–—]{2}|^[\s>]*(begin|anfang|d[ée]but|inicio|forwarded)/i;

export type MarkerType = 'forward' | 'original' | 'header-block' | 'underscore';

/** What kind of thread marker, if any, starts at `lines[i]`. */
export function markerAt(lines: readonly string[], i: number): MarkerType | null {
  const raw = lines[i] ?? '';
  if (raw.length > MAX_MARKER_LINE || !MAY_BE_MARKER.test(raw)) return null;
  const line = unquote(raw);
  if (FORWARD_RULE.test(line) || FORWARD_BEGIN.test(line)) return 'forward';
  if (ORIGINAL_RULE.test(line)) return 'original';
  if (UNDERSCORE_RULE.test(line)) {
    for (let j = i + 1; j < Math.min(lines.length, i + 3); j++)
      if (isHeaderBlockAt(lines, j)) return 'underscore';
    return null;
  }
  if (isHeaderBlockAt(lines, i)) return 'header-block';
  return null;
}

const WROTE =
  /(wrote|schrieb|a [ée]crit|escribi[óo]|ha scritto|schreef|skrev|napisa[łl]|escreveu|kirjoitti)\s*:\s*$/i;
const WROTE_VERB =
  /\s(wrote|schrieb|a [ée]crit|escribi[óo]|ha scritto|schreef|skrev|napisa[łl]|escreveu|kirjoitti)\s/i;
const ON = /^\s*(on|am|le|el|il|op|den|p[åa]|w dniu|em|dne)\s/i;

/** `On Tue, Jul 8, 2025 at 3:02 PM Dana <d@x> wrote:` (possibly over 2–3 lines) at `lines[i]`. */
export function isWroteLineAt(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (line.length > 400 || isQuotedLine(line)) return false;
  if (ON.test(line)) {
    let joined = '';
    for (let j = i; j < Math.min(lines.length, i + 3); j++) {
      joined += ' ' + (lines[j] ?? '');
      // `… wrote:` at the end, or German/French style `… schrieb Name <addr>:`.
      if (WROTE.test(joined) || (WROTE_VERB.test(joined) && /:\s*$/.test(joined))) return true;
      if ((lines[j] ?? '').trim() === '') break;
    }
    return false;
  }
  // `Marcus Bell <mbell@x> wrote:` followed by quoted lines.
  if (line.trimEnd().endsWith(':') && WROTE.test(line) && /@|\d/.test(line)) {
    for (let j = i + 1; j < Math.min(lines.length, i + 3); j++) {
      const next = lines[j] ?? '';
      if (next.trim() === '') continue;
      return isQuotedLine(next);
    }
  }
  return false;
}
