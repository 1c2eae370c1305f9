// Guards htmlToText against pathologically nested HTML (htmlparser2's open-element stack makes
// deep nesting quadratic): a linear depth estimate, and a flat tag-stripping fallback.

/** Elements that never nest (void) or that the next sibling closes implicitly. */
const NOT_COUNTED = new Set([
  'br',
  'img',
  'hr',
  'meta',
  'input',
  'link',
  'wbr',
  'col',
  'area',
  'base',
  'source',
  'track',
  'embed',
  'param',
  'p',
  'li',
  'td',
  'th',
  'tr',
  'option',
  'dt',
  'dd',
]);

const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** True when open elements nest deeper than `max` somewhere in `html` (one pass). */
export function exceedsNesting(html: string, max: number): boolean {
  let depth = 0;
  let i = html.indexOf('<');
  while (i >= 0 && i < html.length - 1) {
    let j = i + 1;
    const closing = html.charCodeAt(j) === 0x2f;
    if (closing) j++;
    let k = j;
    while (k < html.length && k - j < 12 && isNameChar(html.charCodeAt(k))) k++;
    if (k > j) {
      const name = html.slice(j, k).toLowerCase();
      if (!NOT_COUNTED.has(name)) {
        const end = html.indexOf('>', k);
        const selfClosing = end > 0 && html.charCodeAt(end - 1) === 0x2f;
        if (closing) depth = Math.max(0, depth - 1);
        else if (!selfClosing && ++depth > max) return true;
      }
    }
    i = html.indexOf('<', i + 1);
  }
  return false;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Flat fallback: tags become line breaks or spaces, common entities decoded. */
export function stripTags(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[^<]*<\/\1>/gi, ' ')
    .replace(/<\/?(?:br|p|div|tr|li|table|h[1-6]|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m: string, e: string) => {
      if (e[0] === '#') {
        const code =
          e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .split('\n')
    .map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n')
    .trim();
}
