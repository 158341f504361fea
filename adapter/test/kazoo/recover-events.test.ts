import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { correlateEvent, createCorrelatorState, flushAll } from '../../src/core/correlate-call.ts';
import { normalizeEvent } from '../../src/core/normalize-event.ts';
import { createKazooProvider } from '../../src/kazoo/kazoo-provider.ts';
import { ACCOUNT, API_KEY, FakeKazoo } from './fake-kazoo.ts';

const GREGORIAN = 62167219200;
const START_S = 1795251600; // 2026-11-21T09:00:00Z
const ALICE = '8f3c2a1b4d5e6f708192a3b4c5d6e7f1';
const ENDED = '63962470800-1a2b3c4d';
const LIVE = '63962470900-2b3c4d5e';
const account = `/v2/accounts/${ACCOUNT}`;
const ccv = { account_id: ACCOUNT };

// A call that started and ended while the socket was down, as Crossbar's CDR legs show it.
const cdrLegs = [
  {
    call_id: 'cdr-a-leg',
    direction: 'inbound',
    caller_id_number: '+14155550142',
    caller_id_name: 'Dana Caller',
    request: '+14155550100@acme',
    timestamp: String(START_S + GREGORIAN),
    duration_seconds: '66',
    billing_seconds: '60',
    hangup_cause: 'NORMAL_CLEARING',
    bridge_id: 'cdr-a-leg',
    interaction_id: ENDED,
    custom_channel_vars: { ...ccv, authorizing_type: 'resource' }
  },
  {
    call_id: 'cdr-b-leg',
    direction: 'outbound',
    caller_id_number: '+14155550142',
    callee_id_name: 'Alice Archer',
    owner_id: ALICE,
    other_leg_call_id: 'cdr-a-leg',
    timestamp: String(START_S + 1 + GREGORIAN),
    duration_seconds: 65,
    billing_seconds: 60,
    hangup_cause: 'NORMAL_CLEARING',
    bridge_id: 'cdr-a-leg',
    interaction_id: ENDED,
    custom_channel_vars: { ...ccv, authorizing_type: 'device' }
  }
];
// A call still up after the gap, as /channels shows it.
const channels = [
  {
    uuid: 'live-b-leg',
    direction: 'outbound',
    answered: true,
    other_leg: 'live-a-leg',
    owner_id: ALICE,
    authorizing_type: 'device',
    caller_id_number: '+14155550177',
    timestamp: START_S + 100 + GREGORIAN,
    interaction_id: LIVE
  }
];

describe('Kazoo provider: recovering a gap', () => {
  let kazoo: FakeKazoo;
  before(async () => {
    kazoo = await new FakeKazoo().start();
    kazoo.routes.push((call) => {
      if (call.path === `${account}/channels`) return { status: 200, body: { data: channels } };
      if (call.path === `${account}/cdrs`) return { status: 200, body: { data: cdrLegs } };
      if (call.path === `${account}/cdrs/legs/${ENDED}`) return { status: 200, body: { data: cdrLegs } };
      if (call.path.startsWith(`${account}/cdrs/legs/`)) return { status: 200, body: { data: [] } };
      return undefined;
    });
  });
  after(() => kazoo.stop());

  it('rebuilds calls from /channels and CDRs as events the normalizer and correlator accept, the same on every retry', async () => {
    const provider = createKazooProvider(
      { baseUrl: kazoo.baseUrl, websocketUrl: kazoo.websocketUrl, accountId: ACCOUNT, apiKey: API_KEY },
      pino({ level: 'silent' })
    );
    const gap = { startedAt: START_S * 1000 - 5000, endedAt: (START_S + 120) * 1000 };
    const first = await provider.recoverEvents(gap, [ENDED]);
    const again = await provider.recoverEvents(gap, [ENDED]);
    assert.deepEqual(again, first, 'msg_ids come from Kazoo timestamps, so a retry yields the same events');
    const cdrCall = kazoo.calls.find((c) => c.path === `${account}/cdrs`);
    assert.equal(cdrCall?.query.get('created_from'), String(START_S - 5 + GREGORIAN));

    let state = createCorrelatorState();
    const options = { defaultRegion: 'US' as const, graceMs: 0 };
    let duplicates = 0;
    for (const raw of [...first, ...again]) {
      const normalized = normalizeEvent(raw);
      assert.ok(normalized.ok, normalized.ok ? '' : normalized.reason);
      const result = correlateEvent(state, normalized.event, normalized.event.timeMs, options);
      state = result.state;
      if (result.duplicate) duplicates += 1;
    }
    assert.equal(duplicates, first.length);
    const records = flushAll(state, options).projections;
    const ended = records.find((r) => r.InteractionId__c === ENDED);
    assert.deepEqual(
      ended && [
        ended.CallId__c,
        ended.Direction__c,
        ended.Result__c,
        ended.RingStartedAt__c,
        ended.AnsweredAt__c,
        ended.EndedAt__c,
        ended.TalkSeconds__c,
        ended.PbxAccountId__c
      ],
      [
        `${ENDED}:${ALICE}`,
        'Inbound',
        'Answered',
        '2026-11-21T09:00:01.000Z',
        '2026-11-21T09:00:06.000Z',
        '2026-11-21T09:01:06.000Z',
        60,
        ACCOUNT
      ]
    );
    const live = records.find((r) => r.InteractionId__c === LIVE);
    assert.equal(live?.Result__c, 'Answered', 'a live answered channel found after the gap counts as answered');
  });
});
