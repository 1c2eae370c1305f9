// PLACEHOLDER — replaced by the module that implements `assistant backup`.
import type { Command } from 'commander';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('(not built yet)')
    .action(() => {
      throw new Error('assistant backup is not built yet');
    });
}
