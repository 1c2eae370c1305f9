// PLACEHOLDER — replaced by the module that implements `assistant run`.
import type { Command } from 'commander';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('(not built yet)')
    .action(() => {
      throw new Error('assistant run is not built yet');
    });
}
