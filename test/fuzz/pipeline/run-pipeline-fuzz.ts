// Drives hostile mail through the real `assistant run --once` (built CLI, folder inbox, real
// SQLite, integrations in preview) and reports what became of every message. Shared by the
// suite's short run and `npm run fuzz`'s long one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RssSampler } from '../../../bench/lib/rss-sampler.js';
import { hostileCases } from './hostile-mail.js';

const root = new URL('../../../', import.meta.url).pathname;

export interface PipelineFuzzResult {
  cases: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  peakRssMb: number;
  /** Distinct messages written to the inbox (identical bytes count once). */
  distinct: number;
  rows: number;
  unfinished: number;
  stderrTail: string;
}

/** Seed messages: the repository's own golden fixtures, whatever families exist. */
export function seedMessages(limit = 200): Buffer[] {
  const out: Buffer[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (out.length >= limit) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.eml')) out.push(readFileSync(path));
    }
  };
  walk(join(root, 'test/fixtures'));
  return out;
}

export async function runPipelineFuzz(
  dir: string,
  opts: { count: number; seed?: number; giantLineBytes?: number },
): Promise<PipelineFuzzResult> {
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox, { recursive: true });
  const hashes = new Set<string>();
  for (const c of hostileCases(seedMessages(), opts)) {
    const hash = createHash('sha256').update(c.raw).digest('hex');
    if (hashes.has(hash)) continue;
    hashes.add(hash);
    writeFileSync(join(inbox, `${String(hashes.size).padStart(5, '0')}-${c.name}.eml`), c.raw);
  }

  const child = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'run', '--once'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      INBOX_DIR: inbox,
      SQLITE_DB_PATH: join(dir, 'assistant.db'),
      CLIENT_BILLING_RATES_PATH: join(dir, 'rates.json'),
      LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const sampler = new RssSampler(child.pid as number);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) =>
    child.on('exit', (code, sig) => res([code, sig])),
  );
  const peakRssMb = sampler.stop();

  const db = new Database(join(dir, 'assistant.db'), { readonly: true });
  try {
    const rows = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    const unfinished = (
      db.prepare("SELECT count(*) AS n FROM messages WHERE state != 'finished'").get() as {
        n: number;
      }
    ).n;
    return {
      cases: hashes.size,
      exitCode,
      signal,
      peakRssMb,
      distinct: hashes.size,
      rows,
      unfinished,
      stderrTail: stderr,
    };
  } finally {
    db.close();
  }
}
