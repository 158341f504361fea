/** Calls agents place: outbound to the PSTN (answered, busy, no answer, failed), click-to-dial, internal. */
import type { CallResult } from '../../adapter/src/core/call-data.ts';
import { USERS } from './directory.ts';
import type { Leg } from './call-script.ts';
import { carrierOutboundLeg, deviceALeg, loopbackPair, quickcallLeg } from './leg-factory.ts';
import type { ExpectedCallData, ScenarioContext, ScenarioName } from './scenarios.ts';
import {
  agent,
  answerWith,
  caller,
  expectRecord,
  firstUser,
  hangUp,
  primaryDevice,
  ringUsers
} from './scenario-steps.ts';

const OUTBOUND_ENDINGS: Record<string, { cause: string; result: CallResult; afterS: number }> = {
  'outbound-busy': { cause: 'USER_BUSY', result: 'Busy', afterS: 2 },
  'outbound-no-answer': { cause: 'NO_ANSWER', result: 'NoAnswer', afterS: 8 },
  'outbound-failed': { cause: 'NORMAL_TEMPORARY_FAILURE', result: 'Failed', afterS: 1 }
};

/** An agent dials out from their desk phone; the carrier leg answers, is busy, never answers or fails. */
export function outbound(ctx: ScenarioContext, name: ScenarioName): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const user = agent(params.agentId, firstUser());
  const number = caller(ctx).number;
  const aLeg = deviceALeg(script, random, user, primaryDevice(user), number);
  script.create(aLeg, 0);
  script.route(aLeg);
  const bLeg = carrierOutboundLeg(script, random, aLeg, user, number);
  script.create(bLeg, 1);
  const base = {
    Direction__c: 'Outbound' as const,
    ExternalNumber__c: number,
    FromNumber__c: user.did,
    ToNumber__c: number
  };
  const ending = OUTBOUND_ENDINGS[name];
  if (ending) {
    script.enterPhase('ended');
    script.destroy(bLeg, 1 + ending.afterS, ending.cause);
    script.destroy(aLeg, 1 + ending.afterS, ending.cause);
    return [expectRecord(script, user, { ...base, Result__c: ending.result })];
  }
  const answeredAt = 1 + (params.ringSeconds ?? 4);
  const talk = params.talkSeconds ?? 12;
  answerWith(ctx, aLeg, new Map([[bLeg, user]]), bLeg, answeredAt);
  const recordingId = hangUp(ctx, [bLeg, aLeg], answeredAt + talk, aLeg, answeredAt, 'outbound to offnet from account');
  return [
    expectRecord(script, user, { ...base, Result__c: 'Answered', TalkSeconds__c: talk, RecordingId__c: recordingId })
  ];
}

/** cb_quickcall.erl get_timeout/1: the ring timeout when the request gives none. */
const QUICKCALL_TIMEOUT_S = 30;

/**
 * Quickcall: every device of the user rings, each on its own `-quickcall` leg
 * (cb_quickcall.erl update_quickcall_endpoints/2). One device auto-answers only when it is the
 * user's only one; otherwise the agent picks up by hand and the other legs lose the race. The
 * answered leg is transferred into the dialplan, which dials the number. With `answered: false`
 * nobody picks up and every leg ends NO_ANSWER at the ring timeout (ecallmgr_originate.erl
 * originate error `-ERR NO_ANSWER`); no carrier leg is made.
 */
export function clickToDial(ctx: ScenarioContext, answered = true): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const user = agent(params.agentId, firstUser());
  const number = caller(ctx).number;
  const cav = params.customApplicationVars ?? {};
  const legs = user.devices.map((dev) => quickcallLeg(script, random, user, dev, number, cav));
  for (const leg of legs) script.create(leg, 0);
  const related = cav[ctx.relatedRecordCav] ?? null;
  if (!answered) {
    script.enterPhase('ended');
    for (const leg of legs) script.destroy(leg, QUICKCALL_TIMEOUT_S, 'NO_ANSWER');
    return [
      expectRecord(script, user, {
        Direction__c: 'Outbound',
        Result__c: 'NoAnswer',
        ExternalNumber__c: number,
        FromNumber__c: null,
        ToNumber__c: number,
        RelatedRecordId__c: related
      })
    ];
  }
  const pickedUpAt = legs.length === 1 ? 1 : 3;
  const qLeg = legs[0] as Leg;
  script.answer(qLeg, pickedUpAt);
  for (const leg of legs) if (leg !== qLeg) script.destroy(leg, pickedUpAt, 'LOSE_RACE');
  script.route(qLeg);
  const bLeg = carrierOutboundLeg(script, random, qLeg, user, number);
  script.create(bLeg, pickedUpAt);
  const answeredAt = pickedUpAt + (params.ringSeconds ?? 4);
  const talk = params.talkSeconds ?? 12;
  answerWith(ctx, qLeg, new Map([[bLeg, user]]), bLeg, answeredAt);
  const recordingId = hangUp(ctx, [bLeg, qLeg], answeredAt + talk, qLeg, answeredAt, 'outbound to offnet from account');
  return [
    expectRecord(script, user, {
      Direction__c: 'Outbound',
      Result__c: 'Answered',
      ExternalNumber__c: number,
      FromNumber__c: user.did,
      ToNumber__c: number,
      TalkSeconds__c: talk,
      RecordingId__c: recordingId,
      RelatedRecordId__c: related
    })
  ];
}

/** One agent calls another by extension, or by DID (then stepswitch loops the call back through loopback legs). */
export function internal(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const from = agent(params.agentId, firstUser());
  const to = agent(params.otherAgentId, USERS.find((u) => u !== from) ?? firstUser());
  const dialed = params.dialDid ? to.did : to.extension;
  const aLeg = deviceALeg(script, random, from, primaryDevice(from), dialed);
  script.create(aLeg, 0);
  script.route(aLeg);
  let calleeParent = aLeg;
  const loops: Leg[] = [];
  if (params.dialDid) {
    const [out, back] = loopbackPair(script, random, aLeg, dialed);
    script.create(out, 0.5);
    script.create(back, 0.5);
    loops.push(out, back);
    calleeParent = back;
  }
  const ringing = ringUsers(ctx, calleeParent, [to], 1);
  const winner = [...ringing.keys()][0] as Leg;
  const answeredAt = 1 + (params.ringSeconds ?? 4);
  const talk = params.talkSeconds ?? 12;
  answerWith(ctx, calleeParent, ringing, winner, answeredAt);
  const [out, back] = loops;
  if (out && back) {
    script.answer(out, answeredAt);
    script.answer(aLeg, answeredAt);
    script.bridge(aLeg, out, answeredAt);
  }
  hangUp(ctx, [winner, ...loops.reverse(), aLeg], answeredAt + talk);
  const base = {
    Direction__c: 'Internal' as const,
    Result__c: 'Answered' as const,
    FromNumber__c: from.extension,
    ToNumber__c: dialed,
    TalkSeconds__c: talk
  };
  return [
    expectRecord(script, from, { ...base, ExternalNumber__c: dialed }),
    expectRecord(script, to, { ...base, ExternalNumber__c: from.extension })
  ];
}

/** Writes the scenario into `ctx.script`; returns each agent's expected final record. */
