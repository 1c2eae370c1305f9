// Forwarded-header pieces: dates in the formats mail clients print, mailboxes in their
// several spellings, and Re:/Fwd: subject prefixes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLooseDate } from '../../src/adapters/mime/loose-date.js';
import { parseMailbox } from '../../src/adapters/mime/mailbox.js';
import { subjectThreadKind } from '../../src/adapters/mime/thread-markers.js';
import { readForwardedHeader } from '../../src/adapters/mime/forwarded.js';

void describe('parseLooseDate', () => {
  const cases: [string, string | null][] = [
    ['Tue, Jul 8, 2025 at 2:21 PM', '2025-07-08T14:21:00'],
    ['Tuesday, July 8, 2025 2:21 PM', '2025-07-08T14:21:00'],
    ['8 July 2025 at 14:21:05 GMT-5', '2025-07-08T14:21:05-05:00'],
    ['Tue, 08 Jul 2025 10:00:00 -0500', '2025-07-08T10:00:00-05:00'],
    ['Wed, 8 Jul 2026 18:02:51 +0000 (UTC)', '2026-07-08T18:02:51Z'],
    ['July 8, 2025 at 2:21:05 PM EDT', '2025-07-08T14:21:05-04:00'],
    ['7/8/2025 12:05 AM', '2025-07-08T00:05:00'],
    ['2025-07-08 14:21', '2025-07-08T14:21:00'],
    ['Dienstag, 8. Juli 2025 um 14:21', '2025-07-08T14:21:00'],
    ['mardi 8 juillet 2025 14:21', '2025-07-08T14:21:00'],
    ['Monday, July 07, 2025 12:00 PM', '2025-07-07T12:00:00'],
    ['no date here', null],
    // A word that is a key of Object.prototype is no month.
    ['constructor 8, 2025 2:21 PM', null],
  ];
  for (const [input, expected] of cases) {
    void it(input, () => assert.equal(parseLooseDate(input), expected));
  }
});

void describe('parseMailbox', () => {
  const cases: [string, { name: string | null; address: string | null }][] = [
    ['Bluewater Plan <UM@Blue.example>', { name: 'Bluewater Plan', address: 'um@blue.example' }],
    ['Jane Doe [mailto:jane@x.example]', { name: 'Jane Doe', address: 'jane@x.example' }],
    ['"jane@x.example" <jane@x.example>', { name: null, address: 'jane@x.example' }],
    ['"Doe, Jane" <jane@x.example>', { name: 'Doe, Jane', address: 'jane@x.example' }],
    ['jane@x.example (Jane Doe)', { name: 'Jane Doe', address: 'jane@x.example' }],
    ['*Intake Team* <intake@x.example>', { name: 'Intake Team', address: 'intake@x.example' }],
    ['Intake Team', { name: 'Intake Team', address: null }],
  ];
  for (const [input, expected] of cases)
    void it(input, () => assert.deepEqual(parseMailbox(input), expected));
});

void describe('subjectThreadKind', () => {
  const cases: [string, 'reply' | 'forward' | null][] = [
    ['Re: x', 'reply'],
    ['RE: FW: x', 'reply'],
    ['Fwd: Re: x', 'forward'],
    ['FW: x', 'forward'],
    ['WG: x', 'forward'],
    ['AW: x', 'reply'],
    ['[EXTERNAL] Fwd: x', 'forward'],
    ['Re[2]: x', 'reply'],
    ['Authorization: PO 1', null],
    ['Referral x', null],
  ];
  for (const [input, expected] of cases)
    void it(input, () => assert.equal(subjectThreadKind(input), expected));
});

void describe('readForwardedHeader', () => {
  void it('reads a wrapped From value and stops at the blank line', () => {
    const lines = [
      '---------- Forwarded message ---------',
      'From: Intake Desk',
      '<intake@x.example>',
      'Date: Tue, Jul 8, 2025 at 2:21 PM',
      'Subject: Auth',
      '',
      'From: not this <no@x.example>',
    ];
    assert.deepEqual(readForwardedHeader(lines, 0), {
      from: { name: 'Intake Desk', address: 'intake@x.example' },
      date: '2025-07-08T14:21:00',
      subject: 'Auth',
    });
  });
});
