#!/usr/bin/env -S node --max-semi-space-size=2 --optimize-for-size
// The `assistant` command line: each subcommand lives in its own module under commands/ and
// only calls services; this file only assembles them.
// The V8 flags above (also in the npm start script and the Dockerfile CMD) keep the resident
// memory small: a 2 MB semi-space instead of up to 16 MB (the young generation is mostly RSS)
// and size-favouring heap heuristics. They must be given at launch: V8 sizes the main heap when
// the process starts, so v8.setFlagsFromString here would be too late.
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
