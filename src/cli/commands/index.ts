// Every subcommand of `assistant`: its arguments, options and help are declared here, and its
// module (one per subcommand) is imported only when that command runs — so `serve` never loads
// the doctor's vendor checks or the backup code, and `--help` loads none of them. Module code
// is resident memory for the life of the process.
import type { Command } from 'commander';
import { ENV_FILE_NAME } from '../../config/index.js';
import type { AuthGoogleOptions } from './auth-google.command.js';
import type { BackupOptions } from './backup.command.js';
import type { ExtractFlags } from './extract.command.js';

export function registerCommands(program: Command): void {
  program
    .command('serve')
    .description(
      'Watch the mailbox (or the inbox folder), process authorizations, and serve the API and dashboard',
    )
    .action(async () => (await import('./serve.command.js')).serveAction());

  program
    .command('run')
    .description('Process the mail that is waiting, then exit (for cron and benchmarks)')
    .requiredOption('--once', 'process what is pending and exit')
    .action(async () => (await import('./run.command.js')).runOnceAction());

  program
    .command('extract')
    .description('Read one .eml file and print what the extraction engine makes of it')
    .argument('<file>', 'the .eml file')
    .option('--json', 'print the record as one JSON object')
    .option('--timezone <zone>', 'read dates and times in this IANA zone (default: TIMEZONE)')
    .action(async (file: string, flags: ExtractFlags) =>
      (await import('./extract.command.js')).extractAction(file, flags),
    );

  program
    .command('auth')
    .description('Connect the assistant to outside accounts')
    .command('google')
    .description('Authorize Google Calendar once (loopback + PKCE) and get GOOGLE_REFRESH_TOKEN')
    .option('--write', `write the refresh token into ${ENV_FILE_NAME}`)
    .option('--timeout <seconds>', 'how long to wait for the browser', '300')
    .action(async (opts: AuthGoogleOptions) =>
      (await import('./auth-google.command.js')).authGoogleAction(opts),
    );

  program
    .command('doctor')
    .description(
      'Check every configured part live (mailbox, InvoiceNinja, Google, webhook, geocoder) and say how to fix what is broken',
    )
    .action(async () => (await import('./doctor.command.js')).doctorAction());

  program
    .command('backup')
    .description(
      'Copy the database to FILE while the service keeps running; --verify checks a copy; --restore puts one back (stop the service first).',
    )
    .argument('<file>', 'the backup file')
    .option('--verify', 'check FILE: integrity_check, schema version, row counts')
    .option('--restore', 'replace the database with FILE (the service must be stopped)')
    .option('--force', 'overwrite FILE if it exists (backup only)')
    .action(async (file: string, options: BackupOptions) =>
      (await import('./backup.command.js')).backupAction(file, options),
    );
}
