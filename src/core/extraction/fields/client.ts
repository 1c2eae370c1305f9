// The agency: its organisation name (per-sender rule, an organisation display name, the
// organisation line of the signature, the letterhead, or "X has authorized …") and the
// address the authorization came from — the original sender for a forward.
import type { Mailbox } from '../../readable-email.js';
import type { EmailDoc } from '../document.js';
import {
  domainAffinity,
  isGenericUnit,
  isJobTitle,
  isOrgName,
  lineSegments,
  looksLikePerson,
} from '../org.js';
import { fold } from '../text.js';
import type { Found } from './common.js';

interface Candidate {
  name: string;
  score: number;
  source: string;
}

export interface ClientFound {
  name: Found<string> | null;
  email: Found<string> | null;
}

export function readClient(doc: EmailDoc): ClientFound {
  const sender = doc.sender?.address ? doc.sender : (forwardedFrom(doc) ?? doc.sender);
  const viaForward = sender !== doc.email.from;
  const email: Found<string> | null = sender?.address
    ? { value: sender.address, source: viaForward ? 'forwarded header' : 'from' }
    : null;
  if (doc.senderRule?.clientName)
    return { name: { value: doc.senderRule.clientName, source: 'sender rule' }, email };
  const best = candidates(doc, sender).sort((a, b) => b.score - a.score)[0];
  if (best) return { name: { value: best.name, source: best.source }, email };
  // No organisation word anywhere: an organisation-like display name ("Bluff Country Rides").
  const display = sender?.name?.trim() ?? '';
  if (display && !looksLikePerson(display, sender?.address ?? null) && isPlainOrgLike(display))
    return { name: { value: display, source: 'display name' }, email };
  const laidOut = orgAfterTitle(doc, sender);
  if (laidOut) return { name: { value: laidOut, source: 'signature layout' }, email };
  return { name: null, email };
}

const CONTACT_LINE = /\(?\d{3}\)?[\s.-]*\d{3}[\s.-]\d{4}|@|https?:|www\.|^\d{1,6}\s+\S/i;

/**
 * A signature laid out as person / job title / organisation / contact ("Nadia Tate",
 * "Employment Specialist Supervisor", "Kellerton Career Pathways", "(614) 555-0176"): the
 * line between the title and the phone or address names the organisation even without an
 * organisation word. Every part of the layout must be there, so a title followed by a
 * person's name ("Service Coordinator" / "Maria Lopez") is never read as an organisation.
 */
function orgAfterTitle(doc: EmailDoc, sender: Mailbox | null): string | null {
  const sig = doc.lines.filter((l) => l.zone === 'signature' && l.text.trim());
  const vendorNames = doc.email.to.map((t) => fold(t.name ?? '')).filter(Boolean);
  for (let i = 2; i < sig.length; i++) {
    const [person, title, org] = [sig[i - 2], sig[i - 1], sig[i]];
    if (!person || !title || !org) continue;
    if (person.viewIndex !== org.viewIndex || org.lineNo - person.lineNo !== 2) continue;
    const name = org.text.trim();
    const personName = lineSegments(person.text)[0] ?? '';
    if (!isJobTitle(title.text) || !isPersonLine(personName)) continue;
    const next = sig[i + 1];
    const contactFollows =
      !next || next.viewIndex !== org.viewIndex || CONTACT_LINE.test(next.text.trim());
    if (!contactFollows || !isPlainOrgLike(name) || isJobTitle(name)) continue;
    if (looksLikePerson(name, sender?.address ?? null)) continue;
    if (vendorNames.includes(fold(name)) || fold(name) === fold(sender?.name ?? '')) continue;
    return name;
  }
  return null;
}

/** "Nadia Tate", "Jonah Farrow": two or three capitalised words, no organisation word. */
function isPersonLine(s: string): boolean {
  const words = s.trim().split(/\s+/);
  return (
    words.length >= 2 &&
    words.length <= 3 &&
    words.every((w) => /^\p{Lu}[\p{Ll}'’.-]+$/u.test(w)) &&
    isOrgName(s) === false &&
    !isJobTitle(s)
  );
}

function candidates(doc: EmailDoc, sender: Mailbox | null): Candidate[] {
  const address = sender?.address ?? null;
  const vendorNames = doc.email.to.map((t) => fold(t.name ?? '')).filter(Boolean);
  if (doc.email.isForward && doc.email.from?.name) vendorNames.push(fold(doc.email.from.name));
  const out: Candidate[] = [];
  const displayFold = fold(sender?.name?.trim() ?? '');
  const add = (name: string, base: number, source: string): void => {
    const clean = name
      .replace(/\s+/g, ' ')
      .replace(/[.,;:]+$/, '')
      .trim();
    if (!isOrgName(clean)) return;
    if (vendorNames.includes(fold(clean))) return;
    const generic = isGenericUnit(clean) ? -2 : 0;
    // The signature or letterhead agreeing with the display name outweighs a translation or a
    // parent body written below it.
    const agrees =
      source !== 'display name' && displayFold && fold(clean) === displayFold ? 1.5 : 0;
    out.push({
      name: clean,
      score: base + domainAffinity(clean, address) + generic + agrees,
      source,
    });
  };
  const display = sender?.name?.trim();
  if (display && !looksLikePerson(display, address)) add(display, 4.5, 'display name');
  // Signature lines: later lines a little higher (the organisation closes the signature).
  const sig = doc.lines.filter((l) => l.zone === 'signature');
  sig.forEach((line, i) => {
    for (const seg of lineSegments(line.text)) add(seg, 5 + i / 100, 'signature');
  });
  // Footer: the last lines of each view, when no sign-off marked them as a signature.
  const byView = new Map<number, typeof doc.lines>();
  for (const line of doc.lines)
    if (line.zone === 'body')
      byView.set(line.viewIndex, [...(byView.get(line.viewIndex) ?? []), line]);
  for (const lines of byView.values())
    for (const line of lines.slice(-4))
      for (const seg of lineSegments(line.text)) add(seg, 4.5, 'footer');
  // Letterhead: the first lines of each view (a PDF's or an HTML page's heading).
  const seen = new Set<number>();
  for (const line of doc.lines) {
    if (line.zone !== 'body' || line.lineNo > 3 || seen.has(line.viewIndex * 10 + line.lineNo))
      continue;
    seen.add(line.viewIndex * 10 + line.lineNo);
    if (line.cells.length) continue;
    for (const seg of lineSegments(line.text))
      add(seg, 3, line.view === 'pdf' ? 'pdf letterhead' : 'letterhead');
  }
  // "Prairie Valley Vocational Rehabilitation has authorized the following service."
  for (const line of doc.lines) {
    if (line.zone !== 'body') continue;
    const m =
      /^(?:the\s+)?([A-Z][\w&'.-]*(?:\s+(?:of|for|and|&|[A-Z][\w&'.-]*)){1,8})\s+(?:has|have)\s+(?:authorized|approved|assigned|issued)\b/.exec(
        line.text,
      );
    if (m?.[1]) add(m[1], 3.5, 'text');
  }
  return out;
}

/** Title-case words, no job title, not a generic desk ("Dispatch", "Intake Team"). */
function isPlainOrgLike(s: string): boolean {
  const words = s.split(/\s+/);
  if (words.length < 2 || words.length > 7) return false;
  if (!words.every((w) => /^[A-Z0-9&][\w&'.-]*$/.test(w) || /^(of|for|and|the|de)$/.test(w)))
    return false;
  return (
    !isGenericUnit(s) &&
    !/\b(team|desk|dispatch|intake|office|scheduling|notifications?|alerts?|support|no-?reply|portal)\b/i.test(
      s,
    ) &&
    !/coordinator|manager|counsel/i.test(s)
  );
}

/** The From: of a forwarded header block, when the MIME layer did not report an original. */
function forwardedFrom(doc: EmailDoc): Mailbox | null {
  if (!doc.email.isForward) return null;
  let found: Mailbox | null = null;
  for (const line of doc.lines) {
    if (line.zone !== 'header') continue;
    const m = /^\s*\*?from\*?\s*:\s*(.*)$/i.exec(line.text);
    if (!m) continue;
    const value = (m[1] ?? '').trim();
    const addr = /<?([^\s<>"]+@[^\s<>"]+\.[^\s<>"]+)>?/.exec(value)?.[1] ?? null;
    if (!addr) continue;
    const name = value
      .replace(/<[^>]*>|\[mailto:[^\]]*\]/g, '')
      .replace(/["']/g, '')
      .trim();
    found = {
      name: name && !name.includes('@') ? name : null,
      address: addr.replace(/^mailto:/i, ''),
    };
  }
  return found;
}
