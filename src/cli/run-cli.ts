// Runs a commander program and turns known errors into one clear message and exit code,
// never a stack trace for the user's mistakes.
import type { Command } from 'commander';
import { ConfigError } from '../config/index.js';
import { isAppError } from '../core/errors.js';

export async function runCli(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportCliError(err);
  }
}

export function reportCliError(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`assistant: ${err.message}\n`);
    process.stderr.write('See .env.assistant.template for every variable and its meaning.\n');
    return 2;
  }
  if (isAppError(err)) {
    process.stderr.write(`assistant: ${err.message}${err.hint ? ` (${err.hint})` : ''}\n`);
    return 1;
  }
  process.stderr.write(
    `assistant: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  return 1;
}
