// The pure UID bookkeeping behind the IMAP source's progress marker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunk, ContiguousProgress, toSequenceSet } from '../../src/adapters/imap/uid-progress.js';

void test('toSequenceSet compresses runs and sorts', () => {
  assert.equal(toSequenceSet([12, 3, 4, 5, 9, 11]), '3:5,9,11:12');
  assert.equal(toSequenceSet([7]), '7');
  assert.equal(toSequenceSet([1, 1, 2]), '1:2');
  assert.equal(toSequenceSet([]), '');
});

void test('chunk splits without losing items', () => {
  assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(chunk([], 3), []);
});

void test('the marker only moves over a contiguous run of accepted UIDs', () => {
  const p = new ContiguousProgress(10);
  for (const uid of [11, 12, 15, 16]) p.register(uid);
  p.accepted(12);
  assert.equal(p.safeUid, 10); // 11 still in flight
  p.accepted(11);
  assert.equal(p.safeUid, 12);
  p.failed(); // 15 failed
  p.accepted(16);
  assert.equal(p.safeUid, 12); // 16 is stored but 15 is not: stay below 15
  assert.equal(p.complete, false);
  assert.equal(p.hasFailures, true);
});

void test('complete once every registered UID was accepted', () => {
  const p = new ContiguousProgress(0);
  assert.equal(p.complete, true);
  p.register(3);
  p.register(8);
  p.accepted(8);
  p.accepted(3);
  assert.equal(p.safeUid, 8);
  assert.equal(p.complete, true);
});
