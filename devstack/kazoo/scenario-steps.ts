/**
 * The building blocks scenarios share: who the agents are, ringing a set of users, answering
 * with one leg while the others lose the race, hanging up (with a recording), and the expected
 * record of one agent.
 */
import type { Direction } from '../../adapter/src/core/call-data.ts';
import { ACCOUNT_ID, EXTERNAL_NUMBERS, USERS, userById, type SimUser } from './directory.ts';
import { toE164 } from './kazoo-format.ts';
import type { CallScript, Leg } from './call-script.ts';
import { deviceBLeg, type Party } from './leg-factory.ts';
import type { ExpectedCallData, ScenarioContext } from './scenarios.ts';

type Truth = Omit<ExpectedCallData, 'CallId__c' | 'InteractionId__c' | 'PbxUserId__c' | 'Extension__c'>;

/** The record `user` must end with, from the scenario's own definition (call-level fields filled in). */
export function expectRecord(
  script: Pick<CallScript, 'interactionId'>,
  user: SimUser,
  t: Partial<Truth> & { Direction__c: Direction }
): ExpectedCallData {
  const recordingId = t.RecordingId__c ?? null;
  return {
    CallId__c: `${script.interactionId}:${user.id}`,
    InteractionId__c: script.interactionId,
    Status__c: 'Ended',
    Result__c: t.Result__c ?? null,
    ExternalNumber__c: t.ExternalNumber__c ?? null,
    FromNumber__c: t.FromNumber__c ?? null,
    ToNumber__c: t.ToNumber__c ?? null,
    PbxUserId__c: user.id,
    Extension__c: user.extension,
    PbxAccountId__c: ACCOUNT_ID,
    Source__c: 'kazoo',
    TalkSeconds__c: t.TalkSeconds__c ?? 0,
    RecordingId__c: recordingId,
    HasRecording__c: recordingId !== null,
    RelatedRecordId__c: t.RelatedRecordId__c ?? null,
    Direction__c: t.Direction__c,
    ...(t.FromName__c !== undefined ? { FromName__c: t.FromName__c } : {})
  };
}

/** The user with `id`, or `fallback` when none is given. */
export function agent(id: string | null | undefined, fallback: SimUser): SimUser {
  return (id ? userById(id) : undefined) ?? fallback;
}

/** The account's first agent (Alice), the default subject of a scenario. */
export function firstUser(): SimUser {
  const user = USERS[0];
  if (!user) throw new Error('the simulated account has no users');
  return user;
}

/** The device a user's own calls start from (their first). */
export function primaryDevice(user: SimUser) {
  const device = user.devices[0];
  if (!device) throw new Error(`user ${user.id} has no device`);
  return device;
}

/** The outside party: the requested number (named when it is a sample contact) or a random sample. */
export function caller(ctx: ScenarioContext): Party {
  const known = EXTERNAL_NUMBERS.find((n) => n.number === ctx.params.externalNumber);
  if (known) return known;
  if (ctx.params.externalNumber) return { number: toE164(ctx.params.externalNumber), name: 'UNKNOWN CALLER' };
  return ctx.random.pick(EXTERNAL_NUMBERS);
}

/** Rings every device of `users` from `aLeg`; returns the B-legs in creation order. */
export function ringUsers(ctx: ScenarioContext, aLeg: Leg, users: SimUser[], atS: number): Map<Leg, SimUser> {
  const legs = new Map<Leg, SimUser>();
  for (const user of users) {
    for (const dev of user.devices) {
      const leg = deviceBLeg(ctx.script, ctx.random, aLeg, user, dev);
      ctx.script.create(leg, atS);
      legs.set(leg, user);
    }
  }
  return legs;
}

/** The winner answers at `atS`; the A-leg answers and bridges; every other ringing leg loses the race. */
export function answerWith(ctx: ScenarioContext, aLeg: Leg, ringing: Map<Leg, SimUser>, winner: Leg, atS: number) {
  ctx.script.enterPhase('answered');
  ctx.script.answer(winner, atS);
  if (aLeg.answeredAt === undefined) ctx.script.answer(aLeg, atS);
  ctx.script.bridge(aLeg, winner, atS);
  for (const leg of ringing.keys()) if (leg !== winner) ctx.script.destroy(leg, atS, 'LOSE_RACE');
}

/** Ends `legs` normally at `atS`; when `recorded` is given (and recording is on) its recording id is returned. */
export function hangUp(ctx: ScenarioContext, legs: Leg[], atS: number, recorded?: Leg, recordFromS = 0, origin = '') {
  ctx.script.enterPhase('ended');
  const recordingId =
    recorded && ctx.params.record !== false ? ctx.script.record(recorded, recordFromS, atS, origin) : null;
  for (const leg of legs)
    ctx.script.destroy(leg, atS, 'NORMAL_CLEARING', leg === recorded && recordingId ? [recordingId] : []);
  return recordingId;
}
