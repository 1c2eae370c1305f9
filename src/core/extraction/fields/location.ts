// Where the service happens: the street address of a location/address/pick-up label (a
// street line joined with the city line below it; a business name on its own line left out),
// else an address in the body's prose ("at 55 Elm St, Springfield, IL 62701"). Destination,
// drop-off, mailing and office addresses, and the signature block, are never used.
import type { EmailDoc } from '../document.js';
import { addressInValue, findAddress, isCityStateLine } from '../address.js';
import {
  proseLines,
  labelHits,
  labelSource,
  textSource,
  type Found,
  type LabelHit,
} from './common.js';

const NOT_SERVICE_LABEL =
  /\b(destination|drop ?off|dropoff|to address|mailing|mail|remit|billing|invoice|office|agency|vendor|provider|return|headquarters|hq|correspondence|payment)\b/i;
const PICKUP_LABEL = /\b(pickup|pick up|origin|from)\b/i;
const NOT_SERVICE_BEFORE =
  /\b(destination|drop(?:-| )?off|going to|transport(?:ed)? to|taken to|mail(?:ed)? to|remit(?: payment)? to|send (?:invoices?|payments?|bills?|claims?) to|invoices? to|our office|offices? (?:at|is)|headquarters|located at our|return(?:ing)? to)\b[^.;]{0,25}$/i;

export function readLocation(doc: EmailDoc): Found<string> | null {
  const hits = labelHits(doc, 'location').filter((h) => !NOT_SERVICE_LABEL.test(h.cell.label));
  // Pick-up addresses come first for transportation.
  hits.sort(
    (a, b) => Number(PICKUP_LABEL.test(b.cell.label)) - Number(PICKUP_LABEL.test(a.cell.label)),
  );
  for (const hit of hits) {
    const address = addressFromHit(doc, hit);
    if (address) return { value: address, source: labelSource(hit) };
  }
  for (const line of proseLines(doc)) {
    if (line.cells.some((c) => NOT_SERVICE_LABEL.test(c.label))) continue;
    const found = findAddress(line.text);
    if (!found) continue;
    const before = line.text.slice(0, found.index);
    if (NOT_SERVICE_BEFORE.test(before)) continue;
    return {
      value: withCityLine(doc, line.viewIndex, line.lineNo, found.address, found.complete),
      source: textSource(line),
    };
  }
  return null;
}

function addressFromHit(doc: EmailDoc, hit: LabelHit): string | null {
  const found = addressInValue(hit.cell.value);
  // A value taken from the next line continues from there (its city line comes after it).
  const valueLine = hit.cell.valueOnNextLine
    ? (followingLines(doc, hit.line.viewIndex, hit.line.lineNo, 1)[0] ?? hit.line)
    : hit.line;
  if (found)
    return withCityLine(doc, hit.line.viewIndex, valueLine.lineNo, found.address, found.complete);
  // The value is a business or building name; the street may be on the next lines.
  const next = followingLines(doc, hit.line.viewIndex, valueLine.lineNo, 3);
  for (let i = 0; i < next.length; i++) {
    const text = next[i]?.text ?? '';
    if (next[i]?.cells.length) break;
    const f = addressInValue(text);
    if (f && f.index === 0)
      return withCityLine(doc, hit.line.viewIndex, next[i]?.lineNo ?? 0, f.address, f.complete);
  }
  return null;
}

function followingLines(doc: EmailDoc, viewIndex: number, lineNo: number, n: number) {
  return doc.lines.filter((l) => l.viewIndex === viewIndex && l.lineNo > lineNo).slice(0, n);
}

/** A street line whose city/state/zip sits on the next line becomes one line. */
function withCityLine(
  doc: EmailDoc,
  viewIndex: number,
  lineNo: number,
  address: string,
  complete: boolean,
): string {
  if (complete) return address;
  const next = followingLines(doc, viewIndex, lineNo, 1)[0];
  if (next && isCityStateLine(next.text))
    return `${address}, ${next.text.trim().replace(/[.;]+$/, '')}`;
  return address;
}
