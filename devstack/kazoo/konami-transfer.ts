/**
 * Kazoo's Konami transfer (konami_transfer.erl), which is what crossbar's `transfer` channel action
 * runs: cb_channels.erl transfer/4 casts a metaflow `transfer` action with `target` and
 * `transfer-type`, and konami_event_listener.erl handle_metaflow_req/2 hands it to
 * konami_transfer:handle/2 with the URL's leg as `dtmf_leg` (the transferor). The module reads only
 * `target`, `takeback_dtmf`, `moh` and `ringback`: there is no blind branch, every transfer is a
 * consultation, and "blind" means the transferor hangs up before the target answers. What it does:
 * - handle/2 (l.108–128): unbridges transferor and transferee (the caller). pre_originate/3
 *   (l.154–173): the caller hears music on hold (`hold` → kz_endless_playback: a playback, not a SIP
 *   hold, so no CHANNEL_HOLD), and a loopback call is originated to the target: call id
 *   `konami-transfer-<8 hex>` (create_call_id/0, l.1090), Simplify-Loopback, a 20 s timeout
 *   (?DEFAULT_TARGET_TIMEOUT, l.84), the caller's caller id (caller_id_name/2, l.1100), and no
 *   interaction id in its channel vars, so ecallmgr gives it a new one (ecallmgr_originate.erl
 *   get_channel_vars/2, l.527). Its `-b` half runs the target's callflow, which rings their phones.
 * - When the target answers, the loopback bows out and the real leg is connected to the
 *   transferor (handle_real_target/3 → connect_transferor_to_target/2, l.1128: `connect_leg` run on
 *   the target's leg). `connect_leg` first copies the other channel's interaction id onto the
 *   leg that runs it (ecallmgr_call_command.erl prepare_app/4, l.636), so from then on the target's
 *   leg carries the caller's interaction id.
 * - The transferor hangs up: before the answer the transfer waits (attended_wait → partial_wait,
 *   l.202) and connects the caller when the target answers; after it, the caller is connected to
 *   the target at once (attended_answer/3, l.665: how_to_transfer/5 runs `connect_leg` on the
 *   target's leg toward the caller).
 * - The target hangs up after answering: the transferor is reconnected to the caller
 *   (attended_answer/3, l.680 → connect_to_transferee/1). The target never answers: after the
 *   loopback is gone and a 1 s purgatory, the transferor is reconnected (handle_info/3, l.960), or,
 *   when the transferor already left, the caller is hung up (l.971).
 * - Takeback (`*1` on the transferor's phone, handle_transferor_dtmf/3) is DTMF only: crossbar has
 *   no action that sends it.
 * Not simulated: the target's voicemail answering the consultation, and the caller hanging up
 * during it (the real switch leaves transferor and target talking; here everybody hangs up).
 */
import type { CallScript, Leg } from './call-script.ts';
import { USERS, userByExtension, type SimUser } from './directory.ts';
import type { DoNotDisturb } from './do-not-disturb.ts';
import { newInteractionId, newUuid, toE164, type RandomSource } from './kazoo-format.ts';
import { carrierOutboundLeg, deviceBLeg } from './leg-factory.ts';

/** konami_transfer.erl ?DEFAULT_TARGET_TIMEOUT: 20 s. */
const TARGET_TIMEOUT_S = 20;
/** The purgatory timer after the target's legs are gone (erlang:start_timer(1000, …)). */
const PURGATORY_S = 1;
/** An outside number answers after this long in the simulator. */
const OUTSIDE_ANSWER_SECONDS = 2;

export interface TransferHost {
  readonly script: CallScript;
  readonly random: RandomSource;
  readonly dnd: DoNotDisturb;
  readonly signal: AbortSignal;
  /** The transferee: the caller's leg. */
  readonly caller: Leg;
  /** Whole seconds since the call started. */
  now(): number;
  /** Notes who a leg rings (null: nobody's phone), for the ground truth and for crossbar's lookups. */
  own(leg: Leg, user: SimUser | null): void;
  flush(): void;
  /** The transfer is over: `talking` is the leg now bridged to the caller, null when the caller was hung up. */
  settled(talking: Leg | null): void;
}

type Stage = 'ringing' | 'consulting' | 'partial' | 'purgatory' | 'done';

export class KonamiTransfer {
  private stage: Stage = 'ringing';
  private readonly loopbackA: Leg;
  private readonly loopbackB: Leg;
  private readonly ringing = new Map<Leg, SimUser | null>();
  private target: Leg | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly host: TransferHost,
    private readonly transferor: Leg,
    extension: string
  ) {
    const { script, random } = host;
    const at = host.now();
    const caller = host.caller;
    script.unbridge(caller, at);
    const consultation = newInteractionId(script.startedAt + at * 1000, random);
    // originate_to_extension/3: the transferor's authorizing vars, exported to both halves.
    const exported = {
      authorizing_type: transferor.ccv.authorizing_type,
      authorizing_id: transferor.ccv.authorizing_id,
      channel_authorized: 'true',
      metaflow_app: 'konami'
    };
    const party = { callerIdName: caller.spec.callerIdName, callerIdNumber: caller.spec.callerIdNumber };
    this.loopbackA = script.leg({
      ...party,
      callId: `konami-transfer-${random.hex(8)}`,
      direction: 'outbound',
      channelName: `loopback/${extension}-a`,
      loopback: true,
      fromUser: caller.spec.callerIdNumber,
      toUser: extension,
      requestUser: extension,
      ccv: { ...exported, call_interaction_id: consultation }
    });
    this.loopbackB = script.leg({
      ...party,
      callId: newUuid(random),
      direction: 'inbound',
      channelName: `loopback/${extension}-b`,
      loopback: true,
      fromUser: caller.spec.callerIdNumber,
      toUser: extension,
      requestUser: extension,
      ccv: { ...exported, resource_type: 'onnet-origination' }
    });
    for (const leg of [this.loopbackA, this.loopbackB]) {
      host.own(leg, null);
      script.create(leg, at);
    }
    script.route(this.loopbackB, {}, consultation);
    this.ringTarget(extension, at);
    if (this.ringing.size === 0) this.targetGone(at, 'USER_BUSY');
    else this.schedule(TARGET_TIMEOUT_S, () => this.targetGone(this.host.now(), 'NO_ANSWER'));
  }

  /** Whether the consultation is still going (the caller is not back with an agent yet). */
  get active(): boolean {
    return this.stage !== 'done';
  }

  /** Whether `leg` takes part in the transfer: the transferor or a leg of the consultation. */
  involves(leg: Leg): boolean {
    return leg === this.transferor || leg === this.target || this.ringing.has(leg);
  }

  /** Call ids of the consultation legs ringing `userId`. */
  ringingLegsOf(userId: string): Leg[] {
    return [...this.ringing].filter(([, user]) => user?.id === userId).map(([leg]) => leg);
  }

  /** A ringing leg of the target picks up: the loopback bows out and the real leg is connected. */
  answer(leg: Leg): void {
    if (!this.ringing.has(leg) || (this.stage !== 'ringing' && this.stage !== 'partial')) return;
    this.clearTimer();
    const { script } = this.host;
    const at = this.host.now();
    script.answer(leg, at);
    script.answer(this.loopbackB, at);
    script.answer(this.loopbackA, at);
    this.ringing.delete(leg);
    for (const other of this.ringing.keys()) script.destroy(other, at, 'LOSE_RACE');
    this.ringing.clear();
    script.destroy(this.loopbackB, at, 'NORMAL_CLEARING');
    script.destroy(this.loopbackA, at, 'NORMAL_CLEARING');
    this.target = leg;
    // connect_leg takes the interaction id of the leg it connects to (ecallmgr_call_command.erl l.636).
    script.retag(leg, String(this.host.caller.ccv.call_interaction_id));
    if (this.stage === 'ringing') {
      script.bridge(leg, this.transferor, at);
      this.stage = 'consulting';
    } else {
      script.bridge(leg, this.host.caller, at);
      this.finish(leg);
    }
    this.host.flush();
  }

  /** crossbar `hangup` on a leg of the transfer: the transferor completes it, the target cancels it. */
  hangup(leg: Leg): void {
    const { script } = this.host;
    const at = this.host.now();
    script.destroy(leg, at, 'NORMAL_CLEARING');
    if (leg === this.transferor) {
      if (this.stage === 'consulting' && this.target) {
        script.bridge(this.target, this.host.caller, at);
        this.finish(this.target);
      } else if (this.stage === 'ringing') {
        this.stage = 'partial';
      } else if (this.stage === 'purgatory') {
        this.stage = 'partial';
      }
    } else if (leg === this.target) {
      this.target = null;
      script.bridge(this.transferor, this.host.caller, at);
      this.finish(this.transferor);
    } else if (this.ringing.delete(leg) && this.ringing.size === 0) {
      this.targetGone(at, null);
    }
    this.host.flush();
  }

  /** The caller hangs up during the transfer (simplified: every leg of it ends). */
  callerHungUp(at: number): void {
    this.clearTimer();
    const { script } = this.host;
    for (const leg of this.ringing.keys()) script.destroy(leg, at, 'ORIGINATOR_CANCEL');
    this.ringing.clear();
    for (const leg of [this.loopbackA, this.loopbackB, this.target, this.transferor]) {
      if (leg && leg.createdAt !== undefined && leg.destroyedAt === undefined)
        script.destroy(leg, at, 'NORMAL_CLEARING');
    }
    this.stage = 'done';
  }

  private ringTarget(extension: string, at: number): void {
    const user = userByExtension(extension);
    if (user) {
      for (const device of user.devices) {
        if (!this.host.dnd.rings(user, device)) continue;
        const leg = deviceBLeg(this.host.script, this.host.random, this.loopbackB, user, device);
        this.ring(leg, user, at);
      }
      return;
    }
    const referrer = USERS.find((u) => u.id === this.transferor.ccv.owner_id) ?? USERS[0]!;
    const outside = carrierOutboundLeg(this.host.script, this.host.random, this.loopbackB, referrer, toE164(extension));
    this.ring(outside, null, at);
    this.schedule(OUTSIDE_ANSWER_SECONDS, () => this.answer(outside));
  }

  private ring(leg: Leg, user: SimUser | null, at: number): void {
    this.host.own(leg, user);
    this.host.script.create(leg, at);
    this.ringing.set(leg, user);
  }

  /** Nobody answered: the loopback ends, and after the purgatory the transferor gets the caller back. */
  private targetGone(at: number, cause: string | null): void {
    const { script } = this.host;
    for (const leg of this.ringing.keys()) script.destroy(leg, at, cause ?? 'NO_ANSWER');
    this.ringing.clear();
    for (const leg of [this.loopbackB, this.loopbackA])
      if (leg.destroyedAt === undefined) script.destroy(leg, at, cause ?? 'NORMAL_CLEARING');
    this.stage = this.stage === 'partial' ? 'partial' : 'purgatory';
    this.host.flush();
    this.schedule(PURGATORY_S, () => {
      const now = this.host.now();
      if (this.stage === 'partial') {
        script.destroy(this.host.caller, now, 'NORMAL_CLEARING');
        this.finish(null);
      } else {
        script.bridge(this.transferor, this.host.caller, now);
        this.finish(this.transferor);
      }
      this.host.flush();
    });
  }

  private finish(talking: Leg | null): void {
    this.clearTimer();
    this.stage = 'done';
    this.host.settled(talking);
  }

  private schedule(seconds: number, action: () => void): void {
    this.clearTimer();
    if (this.host.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.host.signal.aborted) action();
    }, seconds * 1000);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
