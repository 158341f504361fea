/**
 * A call that is played as it happens instead of from a script: it rings, and then waits for
 * what people and the API do to it (a colleague answers, the agent holds, transfers, declines or
 * hangs up through crossbar). Events go out the moment each thing happens; times are whole
 * seconds from the start of the call, so the ground truth it states at the end is exact.
 */
import type { BlackholeServer } from './blackhole-server.ts';
import { CallScript, type Leg, type ScriptEvent } from './call-script.ts';
import type { CallStore } from './call-store.ts';
import { EXTERNAL_NUMBERS, MAIN_NUMBER, RING_GROUP, userById, type SimUser } from './directory.ts';
import type { DoNotDisturb } from './do-not-disturb.ts';
import { newInteractionId, toE164, type RandomSource } from './kazoo-format.ts';
import { KonamiTransfer } from './konami-transfer.ts';
import { carrierInboundLeg, deviceBLeg, type Party } from './leg-factory.ts';
import type { ExpectedCallData } from './scenarios.ts';
import { expectRecord } from './scenario-steps.ts';

export interface LiveCallOptions {
  /** A PBX user id (their DID rings their devices) or `ring-group` (the main number rings "Sales"). */
  to: string;
  externalNumber?: string;
  /**
   * The ring group's `strategy` (callflow ring_group): `simultaneous` rings every member at once,
   * `single` one member after another, each for `ringTimeoutS`.
   */
  strategy?: 'simultaneous' | 'single';
  /** Seconds a member (single) or the whole group rings before the call moves on (default 20). */
  ringTimeoutS?: number;
}

export interface LiveCallDeps {
  blackhole: BlackholeServer;
  store: CallStore;
  random: RandomSource;
  dnd: DoNotDisturb;
  signal: AbortSignal;
  onExpected(expected: ExpectedCallData[]): void;
}

/** Why an API action could not be applied; the crossbar route turns it into Kazoo's answer. */
export class LiveCallRefusal extends Error {}

const VOICEMAIL_SECONDS = 5;

export class LiveCall {
  readonly interactionId: string;
  readonly ended: Promise<void>;
  private readonly script: CallScript;
  private readonly aLeg: Leg;
  private readonly ringing = new Map<Leg, SimUser | null>();
  private readonly owners = new Map<Leg, SimUser | null>();
  private readonly queue: SimUser[];
  private readonly holdSeconds = new Map<string, number>();
  private readonly startedAt = Date.now();
  private readonly dialled: string;
  private readonly from: Party;
  private bridged: Leg | null = null;
  private transferring: KonamiTransfer | null = null;
  private heldSinceS: number | null = null;
  private lastS = 0;
  private sentEvents = 0;
  private sentCdrs = 0;
  private timer: NodeJS.Timeout | null = null;
  private finish: () => void = () => undefined;

  constructor(
    private readonly deps: LiveCallDeps,
    private readonly options: LiveCallOptions
  ) {
    this.script = new CallScript(this.startedAt, newInteractionId(this.startedAt, deps.random), deps.random);
    this.interactionId = this.script.interactionId;
    this.ended = new Promise<void>((resolve) => (this.finish = resolve));
    const known = EXTERNAL_NUMBERS.find((n) => n.number === options.externalNumber);
    this.from = known ?? { number: toE164(options.externalNumber ?? '+14155550123'), name: 'UNKNOWN CALLER' };
    const target = options.to === 'ring-group' ? null : userById(options.to);
    if (options.to !== 'ring-group' && !target) throw new Error(`no user ${options.to}`);
    this.dialled = target ? target.did : MAIN_NUMBER;
    this.queue = target ? [target] : RING_GROUP.memberIds.map((id) => userById(id)).filter((u) => u !== undefined);
    this.aLeg = carrierInboundLeg(this.script, deps.random, this.from, this.dialled);
    this.owners.set(this.aLeg, null);
    deps.signal.addEventListener('abort', () => this.clearTimer(), { once: true });
    this.script.create(this.aLeg, 0);
    this.script.route(this.aLeg);
    this.ringNext();
    this.flush();
  }

  /** The events as the switch produced them so far, oldest first. */
  get events(): readonly ScriptEvent[] {
    return this.script.events;
  }

  /** The live leg with this call id, if it belongs to this call. */
  has(callId: string): boolean {
    return this.live().some((leg) => leg.spec.callId === callId);
  }

  /** Call ids of the legs ringing `userId` now (a transfer's consultation included). */
  ringingLegsOf(userId: string): string[] {
    const ringing = [...this.ringing].filter(([, u]) => u?.id === userId).map(([leg]) => leg);
    const consulting = this.transferring?.ringingLegsOf(userId) ?? [];
    return [...ringing, ...consulting].map((leg) => leg.spec.callId);
  }

  /** The user picks up their first ringing device (the others lose the race). */
  answer(userId: string): void {
    const consulted = this.transferring?.ringingLegsOf(userId)[0];
    if (consulted) return this.transferring?.answer(consulted);
    const winner = [...this.ringing].find(([, u]) => u?.id === userId)?.[0];
    if (!winner) throw new Error(`${userId} is not ringing on call ${this.interactionId}`);
    this.answerLeg(winner);
  }

  /** The outside caller hangs up. */
  callerHangsUp(): void {
    const at = this.now();
    this.script.enterPhase('ended');
    this.transferring?.callerHungUp(at);
    this.transferring = null;
    for (const leg of this.ringing.keys()) this.script.destroy(leg, at, 'ORIGINATOR_CANCEL');
    this.ringing.clear();
    this.endConversation(at, 'NORMAL_CLEARING');
    this.flush();
  }

  /**
   * crossbar `hangup` (cb_channels.erl maybe_hangup/2 → konami hangup on that leg). A ringing leg
   * simply stops ringing (the bridge goes on with the other endpoints, then the next member or
   * voicemail); a talking leg ends the conversation, and the caller with it (the callflow ends
   * when its bridge does).
   */
  hangup(callId: string): void {
    const leg = this.legOf(callId);
    const at = this.now();
    if (this.transferring?.involves(leg)) {
      this.transferring.hangup(leg);
      return;
    }
    if (this.ringing.has(leg)) {
      this.script.destroy(leg, at, 'NORMAL_CLEARING');
      this.ringing.delete(leg);
      if (this.ringing.size === 0) this.ringNext();
    } else {
      this.script.enterPhase('ended');
      this.endConversation(at, 'NORMAL_CLEARING');
    }
    this.flush();
  }

  /**
   * Konami `hold` / `resume` on a talking leg: the other party is held (konami_hold.erl
   * hold_leg/2 holds the leg opposite the requesting one), so CHANNEL_HOLD comes on the caller's
   * leg; resume reconnects them (konami_resume.erl handle/2) and CHANNEL_UNHOLD follows.
   */
  hold(callId: string, held: boolean): void {
    const leg = this.legOf(callId);
    if (this.transferring || !this.bridged || (leg !== this.bridged && leg !== this.aLeg)) {
      throw new LiveCallRefusal('Channel is not bridged');
    }
    if (held === (this.heldSinceS !== null)) return;
    const at = this.now();
    const other = leg === this.aLeg ? this.bridged : this.aLeg;
    this.script.hold(other, at, held);
    if (held) this.heldSinceS = at;
    else this.closeHold(at);
    this.flush();
  }

  /**
   * crossbar `transfer` (cb_channels.erl maybe_transfer/2,3: needs the leg's other_leg_call_id,
   * else "Channel is not bridged"): Konami's transfer, a consultation whatever the
   * `transfer-type` (see konami-transfer.ts). Only the agent's side of the bridge is transferred here.
   */
  transfer(callId: string, target: string): void {
    const leg = this.legOf(callId);
    if (this.transferring || !this.bridged || leg !== this.bridged) throw new LiveCallRefusal('Channel is not bridged');
    const at = this.now();
    // The caller leaves a SIP hold: from now on they hear Konami's music instead.
    if (this.heldSinceS !== null) this.script.hold(this.aLeg, at, false);
    this.closeHold(at);
    this.clearTimer();
    this.bridged = null;
    this.transferring = new KonamiTransfer(
      {
        script: this.script,
        random: this.deps.random,
        dnd: this.deps.dnd,
        signal: this.deps.signal,
        caller: this.aLeg,
        now: () => this.now(),
        own: (consultLeg, user) => this.owners.set(consultLeg, user),
        flush: () => this.flush(),
        settled: (talking) => {
          this.transferring = null;
          this.bridged = talking;
          if (!talking) this.script.enterPhase('ended');
        }
      },
      leg,
      target
    );
    this.flush();
  }

  /** What each rung agent's record must end as, from what happened on this call. */
  expected(): ExpectedCallData[] {
    const users = new Map<string, SimUser>();
    // A consultation leg that never joined the call (it rang, nobody connected it) is not part of it.
    const joined = (leg: Leg) =>
      leg.ccv.call_interaction_id === undefined || leg.ccv.call_interaction_id === this.interactionId;
    for (const [leg, user] of this.owners)
      if (user && leg.createdAt !== undefined && joined(leg)) users.set(user.id, user);
    const anyAnswered = [...this.owners].some(([leg, u]) => u && leg.answeredAt !== undefined);
    return [...users.values()].map((user) => {
      const answered = [...this.owners].filter(([leg, u]) => u === user && leg.answeredAt !== undefined && joined(leg));
      const talk = answered.reduce(
        (sum, [leg]) => sum + Math.round(((leg.destroyedAt ?? leg.answeredAt ?? 0) - (leg.answeredAt ?? 0)) / 1000),
        0
      );
      return {
        ...expectRecord(this.script, user, {
          Direction__c: 'Inbound',
          Result__c: answered.length > 0 ? 'Answered' : anyAnswered ? 'AnsweredElsewhere' : 'Missed',
          ExternalNumber__c: this.from.number,
          FromNumber__c: this.from.number,
          ToNumber__c: this.dialled,
          TalkSeconds__c: talk
        }),
        HoldSeconds__c: this.holdSeconds.get(user.id) ?? 0
      };
    });
  }

  private answerLeg(winner: Leg): void {
    this.clearTimer();
    const at = this.now();
    this.script.enterPhase('answered');
    this.script.answer(winner, at);
    if (this.aLeg.answeredAt === undefined) this.script.answer(this.aLeg, at);
    this.script.bridge(this.aLeg, winner, at);
    this.ringing.delete(winner);
    for (const leg of this.ringing.keys()) this.script.destroy(leg, at, 'LOSE_RACE');
    this.ringing.clear();
    this.bridged = winner;
    this.flush();
  }

  /** Rings the next member(s) that can ring; voicemail when nobody is left. */
  private ringNext(): void {
    const at = this.now();
    const members = this.options.strategy === 'single' ? this.queue.splice(0, 1) : this.queue.splice(0);
    for (const user of members) this.ringUser(user, at);
    if (this.ringing.size > 0) {
      this.schedule(this.options.ringTimeoutS ?? 20, () => this.ringOut());
    } else if (this.queue.length > 0) {
      this.ringNext();
    } else if (this.aLeg.destroyedAt === undefined && !this.bridged) {
      this.toVoicemail(at);
    }
  }

  private ringUser(user: SimUser, at: number): void {
    for (const device of user.devices) {
      if (!this.deps.dnd.rings(user, device)) continue;
      const leg = deviceBLeg(this.script, this.deps.random, this.aLeg, user, device);
      this.owners.set(leg, user);
      this.script.create(leg, at);
      this.ringing.set(leg, user);
    }
  }

  private ringOut(): void {
    const at = this.now();
    for (const leg of this.ringing.keys()) this.script.destroy(leg, at, 'NO_ANSWER');
    this.ringing.clear();
    this.ringNext();
    this.flush();
  }

  /** Nobody took the call: voicemail answers the caller's leg, the message takes a few seconds. */
  private toVoicemail(at: number): void {
    this.script.enterPhase('answered');
    if (this.aLeg.answeredAt === undefined) this.script.answer(this.aLeg, at);
    this.schedule(VOICEMAIL_SECONDS, () => {
      this.script.enterPhase('ended');
      this.endConversation(this.now(), 'NORMAL_CLEARING');
      this.flush();
    });
  }

  private endConversation(at: number, cause: string): void {
    this.clearTimer();
    this.closeHold(at);
    if (this.bridged) this.script.destroy(this.bridged, at, cause);
    this.bridged = null;
    if (this.aLeg.destroyedAt === undefined) this.script.destroy(this.aLeg, at, cause);
  }

  private closeHold(at: number): void {
    if (this.heldSinceS === null) return;
    const agent = this.bridged ? this.owners.get(this.bridged) : null;
    if (agent) this.holdSeconds.set(agent.id, (this.holdSeconds.get(agent.id) ?? 0) + at - this.heldSinceS);
    this.heldSinceS = null;
  }

  private legOf(callId: string): Leg {
    const leg = this.live().find((l) => l.spec.callId === callId);
    if (!leg) throw new LiveCallRefusal('bad identifier');
    return leg;
  }

  private live(): Leg[] {
    return [...this.owners.keys()].filter((leg) => leg.createdAt !== undefined && leg.destroyedAt === undefined);
  }

  /** Whole seconds since the call started, never going back. */
  private now(): number {
    this.lastS = Math.max(this.lastS, Math.round((Date.now() - this.startedAt) / 1000));
    return this.lastS;
  }

  private schedule(seconds: number, action: () => void): void {
    this.clearTimer();
    if (this.deps.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastS = Math.max(this.lastS, Math.round((Date.now() - this.startedAt) / 1000));
      action();
    }, seconds * 1000);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Publishes what happened since the last flush, as the switch would: channels, CDRs, events. */
  private flush(): void {
    const events = this.script.events.slice(this.sentEvents);
    this.sentEvents = this.script.events.length;
    const cdrs = new Map(this.script.cdrs.slice(this.sentCdrs).map((c) => [String(c.call_id), c]));
    this.sentCdrs = this.script.cdrs.length;
    for (const e of events) {
      this.deps.store.apply(e.name, e.data, this.startedAt + e.atMs);
      const cdr = cdrs.get(e.callId);
      if (e.name === 'CHANNEL_DESTROY' && cdr) this.deps.store.addCdr(cdr);
      this.deps.blackhole.publishCall(e.name, e.callId, e.data);
    }
    if (this.live().length === 0 && this.aLeg.destroyedAt !== undefined) {
      this.clearTimer();
      this.deps.onExpected(this.expected());
      this.finish();
    }
  }
}
