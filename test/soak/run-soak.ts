// `npm run soak`: the full fault soak (2,000 emails, five kill -9s, two Dovecot restarts,
// timeouts among the faults). Options: --emails N, --seed S, --keep (leave the database).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runSoak } from './soak.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const root = new URL('../../', import.meta.url).pathname;
if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0)
  process.exit(1);

const dir = mkdtempSync(join(tmpdir(), 'assistant-soak-'));
const started = Date.now();
try {
  const report = await runSoak({
    emails: arg('emails', 2000),
    kills: 5,
    dovecotRestarts: 2,
    faultProbability: 0.1,
    faultKinds: [500, 502, 429, '429-retry-after', 'timeout', 'drop-before', 'drop-after-commit'],
    seed: arg('seed', 1),
    dir,
    log: (m) => process.stderr.write(`[soak] ${m}\n`),
  });
  process.stdout.write(`${JSON.stringify(report.stats, null, 2)}\n`);
  process.stdout.write(`soak finished in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (report.problems.length) {
    process.stdout.write(
      `PROBLEMS (${report.problems.length}):\n${report.problems.slice(0, 50).join('\n')}\n`,
    );
    process.exitCode = 1;
  } else process.stdout.write('exactly-once held: no problems\n');
} finally {
  // --keep leaves the database behind for a post-mortem.
  if (process.argv.includes('--keep')) process.stderr.write(`[soak] kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
