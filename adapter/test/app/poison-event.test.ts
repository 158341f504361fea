/**
 * A poison event (one whose processing throws) never blocks the inbox: it is quarantined with
 * the error, the correlator state it half changed is rebuilt, the calls around it end exactly as
 * if it had never arrived, and a restart does not fold it again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EventPipeline } from '../../src/app/event-pipeline.ts';
import { foldEvent } from '../../src/core/correlate-call.ts';
import { PROJECTION_FIELDS } from '../../src/core/call-data.ts';
import { TenantStore } from '../../src/store/tenant-store.ts';
import { parseEventLines } from '../delivery/support/fake-provider.ts';
import { ManualClock } from '../delivery/support/manual-clock.ts';
import { testPipeline } from './support/test-pipeline.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/kazoo');
const events = (name: string) => parseEventLines(readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8'));
const expected = (name: string) =>
  readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A CHANNEL_CREATE of a leg nobody else has, which the test's correlator chokes on. */
function poisonFrame(): unknown {
  const create = events('outbound-busy')[0] as { data: { custom_channel_vars: object } };
  const vars = { ...create.data.custom_channel_vars, call_interaction_id: 'poison-call' };
  return { ...create, data: { ...create.data, call_id: 'poison-leg', custom_channel_vars: vars } };
}

/** The real correlator, except that the poison leg half-updates the state and then throws. */
let poisonFolds = 0;
const choking: typeof foldEvent = (state, event, now) => {
  if (event.callId !== 'poison-leg') return foldEvent(state, event, now);
  poisonFolds += 1;
  foldEvent(state, event, now);
  throw new TypeError('Cannot read properties of undefined (reading "legIds")');
};

function pipelineOn(store: TenantStore, clock: ManualClock): EventPipeline {
  return testPipeline(store, clock, { fold: choking });
}

test('a poison event is quarantined and the calls before and after it end exactly as replayed', () => {
  const store = new TenantStore(join(mkdtempSync(join(tmpdir(), 'cti-poison-')), 'acme.sqlite'));
  const clock = new ManualClock();
  const pipeline = pipelineOn(store, clock);
  const ring = events('inbound-ring-group');
  const half = Math.floor(ring.length / 2);
  for (const raw of [...ring.slice(0, half), poisonFrame(), ...ring.slice(half), ...events('outbound-busy')])
    assert.equal(pipeline.accept(raw, 'websocket').accepted, normalizeOk(raw));
  pipeline.processInbox();
  clock.advance(1_000);
  pipeline.expire();

  const [quarantined, ...more] = store.inbox.quarantined();
  assert.equal(more.length, 0, 'one event quarantined');
  assert.match(quarantined?.error ?? '', /TypeError: Cannot read properties of undefined/);
  assert.match(quarantined?.raw ?? '', /poison-leg/);
  assert.equal(store.counts().quarantined, 1);
  assert.deepEqual(pipeline.openInteractionIds(), [], 'the half-applied poison call was rolled back');
  const queued = new Map(store.outbox.all(1000).map((entry) => [entry.callId, entry.record]));
  const want = [...expected('inbound-ring-group'), ...expected('outbound-busy')];
  assert.equal(queued.size, want.length, 'no record for the poison call');
  for (const record of want) {
    const got = queued.get(String(record.CallId__c)) as Record<string, unknown> | undefined;
    for (const field of PROJECTION_FIELDS) assert.deepEqual(got?.[field], record[field], `${field}`);
  }
  store.close();
});

test('a restart before the next snapshot skips the quarantined event instead of crashing on it again', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'cti-poison-')), 'acme.sqlite');
  let store = new TenantStore(path);
  const clock = new ManualClock();
  poisonFolds = 0;
  const first = pipelineOn(store, clock);
  for (const raw of [poisonFrame(), ...events('outbound-busy')]) first.accept(raw, 'webhook');
  first.processInbox();
  store.close();
  assert.ok(poisonFolds >= 1, 'the first run folded the poison event');
  poisonFolds = 0;

  store = new TenantStore(path);
  const second = pipelineOn(store, clock);
  second.processInbox();
  clock.advance(1_000);
  second.expire();
  assert.equal(poisonFolds, 0, 'the restart does not fold the quarantined event again');
  assert.equal(store.counts().quarantined, 1);
  const [record] = expected('outbound-busy');
  const got = store.outbox.all(10).find((entry) => entry.callId === record?.CallId__c);
  assert.equal(got?.record.LastEventSeq__c, record?.LastEventSeq__c);
  store.close();
});

function normalizeOk(raw: unknown): boolean {
  return (raw as { action?: string }).action === 'event';
}
