// Process-level care of the test Dovecots: free ports, waiting for the greeting, killing a
// master's whole process group, and cleaning up after test processes that crashed or were
// killed (exit hook, and reaping instances whose owner process is gone).
import { type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const live = new Set<{ child: ChildProcess | null; root: string }>();
let exitHookInstalled = false;
export const ROOT_PREFIX = 'assistant-dovecot-';
export const OWNER_FILE = 'owner.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A test process killed with SIGKILL cannot clean up: the next start removes the Dovecots and
 * dirs whose owning process is gone.
 */
export async function reapOrphans(): Promise<void> {
  let names: string[];
  try {
    names = await readdir(tmpdir());
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith(ROOT_PREFIX))) {
    const dir = join(tmpdir(), name);
    let owner = 0;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue; // being created right now by another process
    }
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    try {
      const master = Number(readFileSync(join(dir, 'run', 'master.pid'), 'utf8').trim());
      const cmd = readFileSync(`/proc/${master}/cmdline`, 'utf8');
      // Only a Dovecot master started from this very dir: never a stranger that reused the pid.
      if (cmd.includes('dovecot') && cmd.includes(dir)) killGroup(master, 'SIGKILL');
    } catch {
      // never started, or already stopped
    }
    await rm(dir, { recursive: true, force: true });
  }
}

export function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that crashed or forgot stop(): kill the servers and remove their dirs synchronously.
  process.on('exit', () => {
    for (const inst of live) {
      if (inst.child?.pid) killGroup(inst.child.pid, 'SIGKILL');
      rmSync(inst.root, { recursive: true, force: true });
    }
  });
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server sends its IMAP greeting. */
export async function waitForGreeting(
  port: number,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error('dovecot exited during start-up');
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      const done = (v: boolean) => {
        socket.destroy();
        resolve(v);
      };
      socket.setTimeout(2000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('data', (d) => done(d.toString('latin1').startsWith('* OK')));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not greet on port ${port} within ${timeoutMs} ms`);
}
