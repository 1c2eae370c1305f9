// PLACEHOLDER — replaced by the module that implements `assistant extract`.
import type { Command } from 'commander';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('(not built yet)')
    .action(() => {
      throw new Error('assistant extract is not built yet');
    });
}
