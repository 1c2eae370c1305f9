// Builds small RFC 5322 test emails carrying the X-Test-* headers the doubles understand.
let counter = 0;

export interface EmlOptions {
  auth?: string;
  kind?: 'amendment' | 'cancellation';
  review?: string;
  plan?: 'retry-once' | 'fail';
  action?: string;
  extract?: 'throw';
  messageId?: string;
  subject?: string;
  body?: string;
}

export function eml(o: EmlOptions = {}): Buffer {
  counter++;
  const headers = [
    `From: Case Worker <case@agency.test>`,
    `To: vendor@example.test`,
    `Subject: ${o.subject ?? (o.auth ? `Authorization ${o.auth}` : `Newsletter ${counter}`)}`,
    `Message-ID: ${o.messageId ?? `<t${counter}.${process.pid}.${Date.now()}@agency.test>`}`,
    `Date: Mon, 5 Jan 2026 10:00:00 -0600`,
  ];
  if (o.auth) headers.push(`X-Test-Auth: ${o.auth}`);
  if (o.kind) headers.push(`X-Test-Kind: ${o.kind}`);
  if (o.review) headers.push(`X-Test-Review: ${o.review}`);
  if (o.plan) headers.push(`X-Test-Plan: ${o.plan}`);
  if (o.action) headers.push(`X-Test-Action: ${o.action}`);
  if (o.extract) headers.push(`X-Test-Extract: ${o.extract}`);
  headers.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8');
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${o.body ?? `Body ${counter}`}\r\n`);
}
