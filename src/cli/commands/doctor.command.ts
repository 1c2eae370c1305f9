// PLACEHOLDER — replaced by the module that implements `assistant doctor`.
import type { Command } from 'commander';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('(not built yet)')
    .action(() => {
      throw new Error('assistant doctor is not built yet');
    });
}
