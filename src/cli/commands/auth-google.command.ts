// PLACEHOLDER — replaced by the module that implements `assistant auth-google`.
import type { Command } from 'commander';

export function registerAuthGoogle(program: Command): void {
  program
    .command('auth-google')
    .description('(not built yet)')
    .action(() => {
      throw new Error('assistant auth-google is not built yet');
    });
}
