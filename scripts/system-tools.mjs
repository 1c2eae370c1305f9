// The system packages the test suite drives for real: a private Dovecot for IMAP and
// Debian's Chromium for the dashboard. Installed on demand when running as root with apt;
// otherwise the run stops with one line naming the command to run.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const SYSTEM_TOOLS = [
  { binary: '/usr/sbin/dovecot', pkg: 'dovecot-imapd', what: 'Dovecot (IMAP tests)' },
  { binary: '/usr/bin/chromium', pkg: 'chromium', what: 'Chromium (dashboard browser test)' },
];

export function ensureSystemTools() {
  const missing = SYSTEM_TOOLS.filter((t) => !existsSync(t.binary));
  if (missing.length === 0) return;
  const pkgs = missing.map((t) => t.pkg);
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `missing ${missing.map((t) => t.what).join(', ')}: run "sudo apt-get update && sudo apt-get install -y --no-install-recommends ${pkgs.join(' ')}" and try again`,
    );
    process.exit(1);
  }
  console.error(`installing ${pkgs.join(', ')} for the test suite …`);
  // policy-rc.d keeps the Debian package from starting a system-wide Dovecot.
  const script = `set -e
printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkgs.join(' ')}`;
  const r = spawnSync('bash', ['-c', script], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`could not install ${pkgs.join(' ')}; install them by hand and try again`);
    process.exit(1);
  }
}
