// PLACEHOLDER — replaced by the module that implements `assistant serve`.
import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('(not built yet)')
    .action(() => {
      throw new Error('assistant serve is not built yet');
    });
}
