#!/usr/bin/env node
// The `assistant` command line: each subcommand lives in its own module under commands/ and
// only calls services; this file only assembles them.
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { runCli } from './run-cli.js';

const program = new Command()
  .name('assistant')
  .description(
    'Turns emailed service authorizations into InvoiceNinja invoices, Google Calendar events and notifications.',
  )
  .version('0.1.0');

registerCommands(program);
await runCli(program, process.argv);
