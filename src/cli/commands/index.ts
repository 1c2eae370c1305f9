// Every subcommand of `assistant`, one module each.
import type { Command } from 'commander';
import { registerServe } from './serve.command.js';
import { registerRun } from './run.command.js';
import { registerExtract } from './extract.command.js';
import { registerAuthGoogle } from './auth-google.command.js';
import { registerDoctor } from './doctor.command.js';
import { registerBackup } from './backup.command.js';

export function registerCommands(program: Command): void {
  registerServe(program);
  registerRun(program);
  registerExtract(program);
  registerAuthGoogle(program);
  registerDoctor(program);
  registerBackup(program);
}
