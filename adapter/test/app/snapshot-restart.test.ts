/**
 * A restart from a snapshot of a busy state (more calls in flight and finished than one snapshot
 * chunk holds, saved in chunks and finished calls apart) ends every call exactly as a run that
 * never restarted: the queued records are the same.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EventPipeline } from '../../src/app/event-pipeline.ts';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { ManualClock } from '../delivery/support/manual-clock.ts';
import { buildScriptedCalls } from './support/scripted-day.ts';
import { testPipeline } from './support/test-pipeline.ts';

const GRACE_MS = 5_000;

function pipelineOn(store: TenantStore, clock: ManualClock): EventPipeline {
  return testPipeline(store, clock, { correlator: { defaultRegion: 'US', graceMs: GRACE_MS } });
}

// 48 copies of the 16 scenarios: 768 calls, well over 500 legs and calls per chunk.
const calls = buildScriptedCalls(48).map((lines) => lines.map((line) => JSON.parse(line) as unknown));
const firstHalf = calls.flatMap((events) => events.slice(0, Math.ceil(events.length / 2)));
const secondHalf = calls.flatMap((events) => events.slice(Math.ceil(events.length / 2)));
// The first 200 calls end before the snapshot, so it also holds finished calls.
const ended = calls.slice(0, 200).flatMap((events) => events.slice(Math.ceil(events.length / 2)));

/** Every queued record by CallId__c, after the two halves with an optional restart between them. */
function queuedRecords(restart: boolean): Map<string, string> {
  const path = join(mkdtempSync(join(tmpdir(), 'cti-restart-')), 'acme.sqlite');
  const clock = new ManualClock(1_800_000_000_000);
  let store = new TenantStore(path);
  let pipeline = pipelineOn(store, clock);
  for (const raw of [...firstHalf, ...ended]) pipeline.accept(raw, 'websocket');
  pipeline.processInbox();
  clock.advance(GRACE_MS);
  pipeline.expire();
  pipeline.snapshotIfDue(true);
  if (restart) {
    store.close();
    store = new TenantStore(path);
    pipeline = pipelineOn(store, clock);
  }
  const rest = secondHalf.filter((raw) => !ended.includes(raw));
  for (const raw of rest) pipeline.accept(raw, 'websocket');
  pipeline.processInbox();
  clock.advance(GRACE_MS);
  pipeline.expire();
  const records = new Map(store.outbox.all(100_000).map((entry) => [entry.callId, JSON.stringify(entry.record)]));
  store.close();
  return records;
}

test('a restart from a snapshot of 768 calls, in chunks, ends every call as without the restart', () => {
  const uninterrupted = queuedRecords(false);
  const restarted = queuedRecords(true);
  assert.ok(uninterrupted.size > 1_000, `every call queued its records (${uninterrupted.size})`);
  assert.deepEqual([...restarted.keys()].sort(), [...uninterrupted.keys()].sort());
  for (const [callId, record] of uninterrupted) assert.equal(restarted.get(callId), record, callId);
});
