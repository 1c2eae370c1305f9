// Ways to break an email, for the fuzz runs: byte flips, truncation, header bombs, deep
// multipart nesting, giant lines, bogus charsets and encodings, splices of two emails.
// Deterministic for a seed so a failing case can be replayed.

export type Rng = () => number;

export function seeded(seed: number): Rng {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

export interface Mutator {
  name: string;
  apply(raw: Buffer, rng: Rng, other: Buffer): Buffer;
}

export const MUTATORS: Mutator[] = [
  {
    name: 'byte-flips',
    apply(raw, rng) {
      const out = Buffer.from(raw);
      const n = int(rng, 1, 40);
      for (let i = 0; i < n && out.length; i++) out[int(rng, 0, out.length - 1)] = int(rng, 0, 255);
      return out;
    },
  },
  { name: 'truncate', apply: (raw, rng) => raw.subarray(0, int(rng, 0, raw.length)) },
  {
    name: 'header-bomb',
    apply(raw, rng) {
      const n = int(rng, 1000, 20000);
      const lines = Array.from(
        { length: n },
        (_, i) => `X-Bomb-${i}: ${'a'.repeat(int(rng, 0, 60))}`,
      );
      const folded = `Subject: ${'=?utf-8?B?' + Buffer.from('é'.repeat(50)).toString('base64') + '?= '.repeat(200)}`;
      return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n${folded}\r\n`), raw]);
    },
  },
  {
    name: 'deep-nesting',
    apply(raw, rng) {
      const depth = int(rng, 50, 400);
      let body = 'Content-Type: text/plain\r\n\r\nAuthorization Number: FZ-1\r\n';
      for (let i = 0; i < depth; i++)
        body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
      const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
      const kept = head
        .split(/\r?\n/)
        .filter((l) => /^(from|to|subject|date|message-id):/i.test(l));
      return Buffer.from(`${kept.join('\r\n')}\r\nMIME-Version: 1.0\r\n${body}`, 'latin1');
    },
  },
  {
    name: 'giant-line',
    apply(raw, rng) {
      const s = raw.toString('latin1');
      const at = int(rng, 0, s.length);
      const giant = (rng() < 0.5 ? 'x' : 'Auth # 1:00-2:00 ').repeat(int(rng, 20_000, 120_000));
      return Buffer.from(s.slice(0, at) + giant + s.slice(at), 'latin1');
    },
  },
  {
    name: 'bogus-charset',
    apply: (raw, rng) =>
      Buffer.from(
        raw
          .toString('latin1')
          .replace(
            /charset="?[\w-]+"?/gi,
            () =>
              `charset="${['x-unknown', 'utf-7', 'iso-2022-jp', 'ebcdic', ''][int(rng, 0, 4)]}"`,
          ),
        'latin1',
      ),
  },
  {
    name: 'bogus-encoding',
    apply: (raw, rng) =>
      Buffer.from(
        raw
          .toString('latin1')
          .replace(
            /Content-Transfer-Encoding: [\w-]+/gi,
            () =>
              `Content-Transfer-Encoding: ${['base64', 'quoted-printable', 'x-uuencode', 'binary'][int(rng, 0, 3)]}`,
          ),
        'latin1',
      ),
  },
  {
    name: 'splice',
    apply(raw, rng, other) {
      const a = int(rng, 0, raw.length);
      const b = int(rng, 0, other.length);
      return Buffer.concat([raw.subarray(0, a), other.subarray(b)]);
    },
  },
  {
    name: 'no-boundary',
    apply: (raw) =>
      Buffer.from(raw.toString('latin1').replace(/boundary="?[^";\r\n]+"?/gi, ''), 'latin1'),
  },
  {
    name: 'html-soup',
    apply(_raw, rng) {
      const depth = int(rng, 100, 3000);
      const html = `${'<div><table><tr><td>'.repeat(depth)}Authorization #: FZ-${depth}${'</td></tr></table></div>'.repeat(int(rng, 0, depth))}`;
      return Buffer.from(
        `From: a@b.example\r\nSubject: soup\r\nContent-Type: text/html\r\n\r\n${html}`,
      );
    },
  },
];

/** One mutated email: one to three mutators in a row. */
export function mutate(seed: Buffer, other: Buffer, rng: Rng): { raw: Buffer; applied: string[] } {
  let raw = seed;
  const applied: string[] = [];
  const n = int(rng, 1, 3);
  for (let i = 0; i < n; i++) {
    const m = MUTATORS[int(rng, 0, MUTATORS.length - 1)];
    if (!m) continue;
    raw = m.apply(raw, rng, other);
    applied.push(m.name);
  }
  return { raw, applied };
}
