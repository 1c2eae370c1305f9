// The pure rules on hand-built ReadableEmails: date and time spellings, units, negations,
// quoted-only replies, kinds, and the "never throws" contract of extractRecord.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ReadableEmail } from '../../src/core/readable-email.js';
import { DEFAULT_RULES } from '../../src/core/extraction/default-rules.js';
import { extractRecord } from '../../src/core/extraction/extract-record.js';
import { findDates, ymdInZone } from '../../src/core/extraction/dates.js';
import { findTimeRanges } from '../../src/core/extraction/times.js';
import { isOrgName } from '../../src/core/extraction/org.js';

function email(text: string, over: Partial<ReadableEmail> = {}): ReadableEmail {
  return {
    messageId: 'm@x',
    subject: 'Service authorization',
    from: { name: 'Ada Lang', address: 'ada@agency.example' },
    to: [{ name: 'Vendor Co', address: 'v@vendor.example' }],
    date: '2026-03-02T16:00:00.000Z',
    inReplyTo: null,
    isReply: false,
    isForward: false,
    original: null,
    views: [{ kind: 'plain', text, quoted: '', filename: null }],
    attachments: [],
    warnings: [],
    ...over,
  };
}
const run = (e: ReadableEmail) => extractRecord(e, DEFAULT_RULES, { timeZone: 'America/Chicago' });

void describe('dates', () => {
  void it('reads a zone-less ISO header time as the local date, whatever the process zone', () => {
    assert.deepEqual(ymdInZone('2026-01-12T23:30:00', 'Pacific/Kiritimati'), {
      y: 2026,
      m: 1,
      d: 12,
    });
    assert.deepEqual(ymdInZone('2026-01-12T23:30:00Z', 'America/Chicago'), {
      y: 2026,
      m: 1,
      d: 12,
    });
    assert.deepEqual(ymdInZone('2026-01-13T02:30:00Z', 'America/Chicago'), {
      y: 2026,
      m: 1,
      d: 12,
    });
  });
  const ref = { y: 2026, m: 3, d: 2 };
  const one = (s: string, order: 'MDY' | 'DMY' = 'MDY') => {
    const d = findDates(s, { ref, order })[0]?.date;
    return d ? `${d.y}-${d.m}-${d.d}` : null;
  };
  void it('reads the common spellings', () => {
    assert.equal(one('07/15/2025'), '2025-7-15');
    assert.equal(one('2026-01-12'), '2026-1-12');
    assert.equal(one('15 Jul 2026'), '2026-7-15');
    assert.equal(one('Tuesday, March 4, 2025'), '2025-3-4');
    assert.equal(one('20.08.2026'), '2026-8-20');
    assert.equal(one('Tue 3/10'), '2026-3-10');
    assert.equal(one('01/02/2026'), '2026-1-2');
    assert.equal(one('01/02/2026', 'DMY'), '2026-2-1');
    assert.equal(one('24/08/2026'), '2026-8-24');
    assert.equal(one('March 4th'), '2026-3-4');
  });
  void it('places a yearless date near the reference, even across New Year', () => {
    assert.equal(
      findDates('1/5', { ref: { y: 2026, m: 12, d: 28 }, order: 'MDY' })[0]?.date.y,
      2027,
    );
  });
});

void describe('organisation names', () => {
  void it('takes an agency name but never a sentence about it', () => {
    assert.equal(isOrgName('Harbor Bend Community Supports'), true);
    assert.equal(isOrgName('Harbor Bend Community Supports has approved the service below'), false);
    assert.equal(isOrgName('Harbor Bend Services is pleased to confirm'), false);
  });
});

void describe('times', () => {
  const r = (s: string) => findTimeRanges(s).map((x) => [x.start / 60, (x.end ?? 0) / 60])[0];
  void it('reads ranges with borrowed meridiems and 24 h clocks', () => {
    assert.deepEqual(r('9-11am'), [9, 11]);
    assert.deepEqual(r('11-1pm'), [11, 13]);
    assert.deepEqual(r('2:30pm–4:00pm'), [14.5, 16]);
    assert.deepEqual(r('13:00–15:30'), [13, 15.5]);
    assert.deepEqual(r('9:00 AM to 11:00 AM'), [9, 11]);
    assert.deepEqual(r('10:30 to noon'), [10.5, 12]);
  });
});

void describe('classification', () => {
  const details =
    'Authorization #: ZZ-1001\nConsumer: Pia Moss\nDate: 03/09/2026\nTime: 9:00 AM - 10:00 AM\n';
  void it('takes an approval with details', () => {
    const rec = run(email(`This service has been approved.\n${details}`));
    assert.equal(rec.isAuthorization, true);
    assert.equal(rec.kind, 'new');
    assert.ok(rec.reasons.some((x) => x.includes('approval phrase')));
    assert.equal(rec.sources.authorizationId, 'label:Authorization #');
  });
  for (const [name, line] of [
    ['pending', 'Your request is pending review.'],
    ['not yet approved', 'This authorization has not yet been approved.'],
    ['denied', 'Your authorization request has been denied.'],
    ['card', 'A purchase was authorized on your card ending in 1234.'],
    ['newsletter', 'Unsubscribe from this newsletter.'],
  ] as const) {
    void it(`rejects ${name}`, () => {
      const rec = run(email(`${line}\n${details}`));
      assert.equal(rec.isAuthorization, false);
      assert.equal(rec.authorizationId, null);
      assert.equal(rec.service.date, null);
    });
  }
  void it('rejects a reply whose authorization is only in the quoted part', () => {
    const e = email('Thanks, see you then.', {
      subject: 'Re: Service authorization ZZ-1001',
      isReply: true,
      views: [{ kind: 'plain', text: 'Thanks, see you then.', quoted: details, filename: null }],
    });
    assert.equal(run(e).isAuthorization, false);
  });
  void it('tells cancellations and amendments apart and keeps only what they state', () => {
    const c = run(
      email('Please cancel authorization ZZ-1001 for Pia Moss.', { subject: 'Cancel' }),
    );
    assert.equal(c.kind, 'cancellation');
    assert.equal(c.service.startTime, null);
    const a = run(
      email(`REVISED authorization - the time has changed.\n${details}`, {
        subject: 'Revised authorization ZZ-1001',
      }),
    );
    assert.equal(a.kind, 'amendment');
    assert.equal(a.service.durationHours, 1);
  });
  void it('does not read a cancellation policy as a cancellation', () => {
    const rec = run(
      email(
        `Approved.\n${details}\nCancellation policy: 24 hours notice, or if you need to cancel call us.`,
      ),
    );
    assert.equal(rec.kind, 'new');
  });
});

void describe('robustness', () => {
  void it('never throws, even on a malformed ReadableEmail', () => {
    const broken = {
      ...email(''),
      views: [{ kind: 'plain', text: null, quoted: null, filename: null }],
    } as unknown as ReadableEmail;
    const rec = run(broken);
    assert.equal(rec.isAuthorization, false);
    const empty = run(email('', { views: [] }));
    assert.equal(empty.isAuthorization, false);
  });
});
