// Deterministic mutations of real emails for the MIME reader's fuzz test: byte flips,
// truncation, spliced slices, header bombs, deep multipart nesting, giant lines. A seed makes
// every failing case reproducible.

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  name: string;
  raw: Buffer;
}

const INTERESTING = [
  '\r\n',
  '\n\n',
  '--',
  '=?utf-8?b?',
  '=\r\n',
  '<table>',
  '</td>',
  'Content-Type: multipart/mixed; boundary=x\r\n',
  '\x00',
  '\xff\xfe',
  '>',
  '%PDF-',
];

export function mutate(seedRaw: Buffer, random: () => number): { how: string; raw: Buffer } {
  const pick = (n: number): number => Math.floor(random() * n);
  const raw = Buffer.from(seedRaw);
  switch (pick(5)) {
    case 0: {
      const flips = 1 + pick(12);
      for (let i = 0; i < flips && raw.length; i++) raw[pick(raw.length)] = pick(256);
      return { how: `flip x${flips}`, raw };
    }
    case 1: {
      const at = pick(raw.length + 1);
      return { how: `truncate@${at}`, raw: raw.subarray(0, at) };
    }
    case 2: {
      const a = pick(raw.length + 1);
      const b = Math.min(raw.length, a + pick(400));
      const at = pick(raw.length + 1);
      return {
        how: `splice ${a}-${b}@${at}`,
        raw: Buffer.concat([raw.subarray(0, at), raw.subarray(a, b), raw.subarray(at)]),
      };
    }
    case 3: {
      const token = INTERESTING[pick(INTERESTING.length)] as string;
      const at = pick(raw.length + 1);
      return {
        how: `insert ${JSON.stringify(token)}@${at}`,
        raw: Buffer.concat([raw.subarray(0, at), Buffer.from(token, 'latin1'), raw.subarray(at)]),
      };
    }
    default: {
      const at = pick(raw.length + 1);
      const n = pick(raw.length + 1);
      return {
        how: `delete ${n}@${at}`,
        raw: Buffer.concat([raw.subarray(0, at), raw.subarray(Math.min(raw.length, at + n))]),
      };
    }
  }
}

/** The hand-made pathological inputs, each bounded in size. */
export function pathologicalCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  cases.push({
    name: 'header bomb',
    raw: Buffer.from(
      'X-Spam: y\r\n'.repeat(10_000) + 'From: a@b.example\r\nSubject: bomb\r\n\r\nbody\r\n',
    ),
  });
  cases.push({
    name: 'one endless header',
    raw: Buffer.concat([
      Buffer.from('Subject: '),
      Buffer.alloc(8 << 20, 0x41),
      Buffer.from('\r\n\r\nbody'),
    ]),
  });
  cases.push({
    name: 'no blank line, only headers',
    raw: Buffer.from('Subject: x\r\nFrom: y\r\n'.repeat(3000)),
  });
  let deep = 'Subject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n';
  for (let i = 1; i < 200; i++)
    deep += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary=b${i}\r\n\r\n`;
  cases.push({
    name: '200-deep multipart',
    raw: Buffer.from(deep + '--b199\r\nContent-Type: text/plain\r\n\r\ninner\r\n'),
  });
  let rfc = '';
  for (let i = 0; i < 60; i++) rfc += `Subject: level ${i}\r\nContent-Type: message/rfc822\r\n\r\n`;
  cases.push({
    name: '60 nested message/rfc822',
    raw: Buffer.from(rfc + 'Subject: core\r\n\r\ntext\r\n'),
  });
  cases.push({
    name: '50 MB single line',
    raw: Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(50 << 20, 0x61)]),
  });
  cases.push({
    name: '3 MB of spaces mid-line',
    raw: Buffer.concat([
      Buffer.from('Subject: sp\r\n\r\na'),
      Buffer.alloc(3 << 20, 0x20),
      Buffer.from('b\r\n'),
    ]),
  });
  cases.push({
    name: '10 MB HTML',
    raw: Buffer.from(
      'Subject: h\r\nContent-Type: text/html\r\n\r\n' +
        '<tr><td>Auth:</td><td>1</td></tr>'.repeat(300_000),
    ),
  });
  cases.push({
    name: '20k-deep HTML',
    raw: Buffer.from(
      'Subject: h\r\nContent-Type: text/html\r\n\r\n' + '<div><table><tr><td>'.repeat(20_000) + 'x',
    ),
  });
  cases.push({
    name: '100k boundaries',
    raw: Buffer.from(
      'Subject: p\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n' +
        '--q\r\n\r\nx\r\n'.repeat(100_000),
    ),
  });
  cases.push({ name: 'empty', raw: Buffer.alloc(0) });
  cases.push({
    name: 'binary noise',
    raw: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
  });
  return cases;
}
