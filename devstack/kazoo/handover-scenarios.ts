/**
 * Inbound calls that pass from one agent to another: picked up by a colleague, blind-transferred,
 * attended-transferred. Pickup and attended transfer move a live leg into another interaction.
 */
import { USERS } from './directory.ts';
import type { Leg } from './call-script.ts';
import { newInteractionId } from './kazoo-format.ts';
import { carrierInboundLeg, deviceALeg, deviceBLeg } from './leg-factory.ts';
import type { ExpectedCallData, ScenarioContext } from './scenarios.ts';
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

/**
 * Bob dials the intercept code while Alice's phones ring. His leg is routed as a new call with its
 * own interaction id (ecallmgr_fs_router_call.erl interaction_props/3); only on
 * `sofia::intercepted` does ecallmgr copy Alice's interaction id and direction onto it
 * (ecallmgr_events.erl event/4), so his ANSWER still carries his own id and the later events the
 * ringing call's. Her legs end PICKED_OFF.
 */
export function pickup(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const victim = agent(params.agentId, firstUser());
  const picker = agent(params.otherAgentId, USERS.find((u) => u !== victim) ?? firstUser());
  const ring = params.ringSeconds ?? 4;
  const talk = params.talkSeconds ?? 12;
  const from = caller(ctx);
  const aLeg = carrierInboundLeg(script, random, from, victim.did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const ringing = ringUsers(ctx, aLeg, [victim], 1);
  const pickerLeg = deviceALeg(script, random, picker, primaryDevice(picker), `*8${victim.extension}`);
  script.create(pickerLeg, 1 + ring);
  script.route(pickerLeg, {}, newInteractionId(script.startedAt + (1 + ring) * 1000, random));
  const at = 2 + ring;
  script.enterPhase('answered');
  script.answer(pickerLeg, at);
  script.retag(pickerLeg, script.interactionId);
  pickerLeg.spec.direction = 'outbound'; // Application-Logical-Direction of the intercepted leg
  script.answer(aLeg, at);
  script.bridge(aLeg, pickerLeg, at);
  for (const leg of ringing.keys()) script.destroy(leg, at, 'PICKED_OFF');
  const recordingId = hangUp(ctx, [pickerLeg, aLeg], at + talk, pickerLeg, at, 'inbound from offnet to endpoint');
  const base = {
    Direction__c: 'Inbound' as const,
    ExternalNumber__c: from.number,
    FromNumber__c: from.number,
    ToNumber__c: victim.did
  };
  return [
    expectRecord(script, victim, { ...base, Result__c: 'AnsweredElsewhere' }),
    expectRecord(script, picker, { ...base, Result__c: 'Answered', TalkSeconds__c: talk, RecordingId__c: recordingId })
  ];
}

/**
 * Alice answers, puts the caller on hold and calls Bob from her phone (a consultation call with
 * its own interaction id), then completes an attended transfer. `sofia::transferor` copies the
 * caller's interaction id onto the leg that replaces hers (ecallmgr_events.erl event/4, refer_uuid;
 * a DESTROY also takes it from the interaction cache, ecallmgr_call_events.erl
 * specific_call_channel_vars_props/2): Bob's consultation leg joins the caller's call, bridged to
 * the caller. Which leg refer_uuid names is not settled by Kazoo's source; this follows the review.
 */
export function attendedTransfer(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const first = agent(params.agentId, firstUser());
  const second = agent(params.otherAgentId, USERS.find((u) => u !== first) ?? firstUser());
  const ring = params.ringSeconds ?? 4;
  const talk = params.talkSeconds ?? 12;
  const consult = 6;
  const from = caller(ctx);
  const aLeg = carrierInboundLeg(script, random, from, first.did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const firstLeg = deviceBLeg(script, random, aLeg, first, primaryDevice(first));
  script.create(firstLeg, 1);
  const answeredAt = 1 + ring;
  answerWith(ctx, aLeg, new Map([[firstLeg, first]]), firstLeg, answeredAt);
  const consultAt = answeredAt + talk;
  const consultId = newInteractionId(script.startedAt + consultAt * 1000, random);
  const consultLeg = deviceALeg(script, random, first, primaryDevice(first), second.extension);
  script.create(consultLeg, consultAt);
  script.route(consultLeg, {}, consultId);
  const targetLeg = deviceBLeg(script, random, consultLeg, second, primaryDevice(second));
  script.create(targetLeg, consultAt + 0.5);
  const consultAnswered = consultAt + 2;
  script.answer(targetLeg, consultAnswered);
  script.answer(consultLeg, consultAnswered);
  script.bridge(consultLeg, targetLeg, consultAnswered);
  const transferAt = consultAnswered + consult;
  script.retag(targetLeg, script.interactionId);
  script.bridge(aLeg, targetLeg, transferAt);
  script.destroy(firstLeg, transferAt, 'ATTENDED_TRANSFER');
  script.destroy(consultLeg, transferAt, 'ATTENDED_TRANSFER');
  hangUp(ctx, [targetLeg, aLeg], transferAt + talk);
  const inbound = {
    Direction__c: 'Inbound' as const,
    ExternalNumber__c: from.number,
    FromNumber__c: from.number,
    ToNumber__c: first.did,
    Result__c: 'Answered' as const
  };
  const consultation = { Direction__c: 'Internal' as const, Result__c: 'Answered' as const, TalkSeconds__c: consult };
  const consultCall = { interactionId: consultId };
  return [
    expectRecord(script, first, { ...inbound, TalkSeconds__c: transferAt - answeredAt }),
    expectRecord(script, second, { ...inbound, TalkSeconds__c: talk }),
    expectRecord(consultCall, first, {
      ...consultation,
      ExternalNumber__c: second.extension,
      FromNumber__c: first.extension,
      ToNumber__c: second.extension
    }),
    expectRecord(consultCall, second, {
      ...consultation,
      ExternalNumber__c: first.extension,
      FromNumber__c: first.extension,
      ToNumber__c: second.extension
    })
  ];
}

/** Alice answers, talks, then blind-transfers to Bob: her leg ends BLIND_TRANSFER, a new B-leg rings Bob. */
export function blindTransfer(ctx: ScenarioContext): ExpectedCallData[] {
  const { script, params, random } = ctx;
  const first = agent(params.agentId, firstUser());
  const second = agent(params.otherAgentId, USERS.find((u) => u !== first) ?? firstUser());
  const ring = params.ringSeconds ?? 4;
  const talk = params.talkSeconds ?? 12;
  const from = caller(ctx);
  const aLeg = carrierInboundLeg(script, random, from, first.did);
  script.create(aLeg, 0);
  script.route(aLeg);
  const ringing = ringUsers(ctx, aLeg, [first], 1);
  const firstLeg = [...ringing.keys()][0] as Leg;
  answerWith(ctx, aLeg, ringing, firstLeg, 1 + ring);
  const transferAt = 1 + ring + talk;
  const firstRecording =
    params.record !== false ? script.record(firstLeg, 1 + ring, transferAt, 'inbound from offnet to endpoint') : null;
  script.destroy(firstLeg, transferAt, 'BLIND_TRANSFER', firstRecording ? [firstRecording] : []);
  const secondLeg = deviceBLeg(script, random, aLeg, second, primaryDevice(second));
  secondLeg.ccv.referred_by = `<sip:${primaryDevice(first).sipUsername}@${String(aLeg.ccv.realm)}>`;
  script.create(secondLeg, transferAt);
  const secondAnswer = transferAt + 3;
  script.answer(secondLeg, secondAnswer);
  script.bridge(aLeg, secondLeg, secondAnswer);
  const secondRecording = hangUp(
    ctx,
    [secondLeg, aLeg],
    secondAnswer + talk,
    secondLeg,
    secondAnswer,
    'inbound from offnet to endpoint'
  );
  const base = {
    Direction__c: 'Inbound' as const,
    ExternalNumber__c: from.number,
    FromNumber__c: from.number,
    ToNumber__c: first.did,
    Result__c: 'Answered' as const,
    TalkSeconds__c: talk
  };
  return [
    expectRecord(script, first, { ...base, RecordingId__c: firstRecording }),
    expectRecord(script, second, { ...base, RecordingId__c: secondRecording })
  ];
}
