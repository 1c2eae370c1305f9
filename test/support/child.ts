// Spawns real child processes (the test entry or the real CLI) and collects their output.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TSX = import.meta.resolve('tsx');
export const ENTRY = fileURLToPath(new URL('./assistant-entry.ts', import.meta.url));
export const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnTs(
  script: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Child {
  // Only what the child needs: no inherited configuration from the developer's shell.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...opts.env,
  };
  const proc = spawn(process.execPath, ['--import', TSX, script, ...args], {
    cwd: opts.cwd,
    env,
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, stdout: () => out, stderr: () => err, exited };
}
