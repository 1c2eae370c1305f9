// The reference the pipeline is measured against: imapflow fetching the whole mailbox and
// mailparser's simpleParser on every message, nothing else. Runs in its own process so its
// memory is measured alone; prints one JSON line.
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';

const { BENCH_IMAP_PORT, BENCH_IMAP_USER, BENCH_IMAP_PASSWORD } = process.env;
const client = new ImapFlow({
  host: '127.0.0.1',
  port: Number(BENCH_IMAP_PORT),
  secure: false,
  auth: { user: BENCH_IMAP_USER ?? '', pass: BENCH_IMAP_PASSWORD ?? '' },
  logger: false,
});

const started = performance.now();
await client.connect();
const lock = await client.getMailboxLock('INBOX');
let count = 0;
let bytes = 0;
try {
  for await (const msg of client.fetch('1:*', { source: true, uid: true })) {
    if (!msg.source) continue;
    const parsed = await simpleParser(msg.source);
    bytes += msg.source.length;
    if (parsed.subject !== undefined || parsed.text !== undefined) count++;
    else count++;
  }
} finally {
  lock.release();
}
const seconds = (performance.now() - started) / 1000;
await client.logout();
process.stdout.write(
  JSON.stringify({
    count,
    bytes,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    // CPU is steadier than wall time on a shared machine: compare it per email.
    cpuMsPerEmail:
      (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000 / count,
  }) + '\n',
);
