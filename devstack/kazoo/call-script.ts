/**
 * Builds one call as Kazoo would publish it: legs with their channel vars, and a timeline of
 * CHANNEL_CREATE / ANSWER / BRIDGE / DESTROY events in normalized (snake_case) form, plus the
 * CDR and recording documents those events leave behind. Times are scenario offsets in
 * milliseconds from the start of the call; the player maps them to wall-clock time.
 */
import { ACCOUNT_ID, ACCOUNT_NAME, ACCOUNT_REALM } from './directory.ts';
import { gregorianSeconds, hangupCodeFor, modbPrefix, type RandomSource } from './kazoo-format.ts';

export type CallEventName =
  | 'CHANNEL_CREATE'
  | 'CHANNEL_ANSWER'
  | 'CHANNEL_BRIDGE'
  | 'CHANNEL_UNBRIDGE'
  | 'CHANNEL_DESTROY'
  | 'CHANNEL_HOLD'
  | 'CHANNEL_UNHOLD';
/** Stages a test or the demo can wait for: ringing, answered (talking), ended. */
export type CallPhase = 'ringing' | 'answered' | 'ended';

export interface LegSpec {
  callId: string;
  /** Relative to the switch: a leg coming from a phone or carrier is inbound. */
  direction: 'inbound' | 'outbound';
  channelName: string;
  loopback?: boolean;
  callerIdName: string;
  callerIdNumber: string;
  calleeIdName?: string;
  calleeIdNumber?: string;
  /** User parts; the realm or carrier host is added. */
  fromUser: string;
  toUser: string;
  requestUser: string;
  host?: string;
  presenceId?: string;
  /** Channel vars present from the first event on (owner, authorizing, ...). */
  ccv: Record<string, unknown>;
  /** Channel vars the switch adds when it routes the leg (stepswitch's resource vars on a carrier A-leg). */
  routedCcv?: Record<string, unknown>;
  cav?: Record<string, string>;
  /** B-legs know their A-leg from the start; an A-leg learns its ids when routed. */
  bridgeId?: string;
}

export interface Leg {
  spec: LegSpec;
  ccv: Record<string, unknown>;
  createdAt?: number;
  answeredAt?: number;
  destroyedAt?: number;
  otherLeg?: string;
  fromTag: string;
  toTag: string;
}

export interface ScriptEvent {
  atMs: number;
  phase: CallPhase;
  name: CallEventName;
  callId: string;
  data: Record<string, unknown>;
}

export interface RecordingDoc {
  _id: string;
  [key: string]: unknown;
}

export class CallScript {
  readonly events: ScriptEvent[] = [];
  readonly cdrs: Record<string, unknown>[] = [];
  readonly recordings: { atMs: number; doc: RecordingDoc }[] = [];
  readonly legs: Leg[] = [];
  private phase: CallPhase = 'ringing';
  private seq = 0;

  constructor(
    readonly startedAt: number,
    readonly interactionId: string,
    private readonly random: RandomSource
  ) {}

  leg(spec: LegSpec): Leg {
    const ccv: Record<string, unknown> = {
      account_id: ACCOUNT_ID,
      account_name: ACCOUNT_NAME,
      account_realm: ACCOUNT_REALM,
      realm: ACCOUNT_REALM,
      ...spec.ccv
    };
    // B-legs get the interaction id exported at bridge (ecallmgr_fs_bridge.erl); a consultation call has its own.
    if (spec.bridgeId)
      Object.assign(ccv, {
        bridge_id: spec.bridgeId,
        call_interaction_id: ccv.call_interaction_id ?? this.interactionId
      });
    const leg: Leg = { spec, ccv, fromTag: this.random.hex(10), toTag: this.random.hex(13) };
    if (spec.bridgeId) leg.otherLeg = spec.bridgeId;
    this.legs.push(leg);
    return leg;
  }

  enterPhase(phase: CallPhase): void {
    this.phase = phase;
  }

  create(leg: Leg, atS: number): void {
    leg.createdAt = atS * 1000;
    this.emit(leg, 'CHANNEL_CREATE', atS);
  }

  /**
   * The callflow has routed the A-leg: it now carries its own id as bridge id (exported by the
   * route response when empty, ecallmgr_fs_xml.erl route_resp_xml) and an interaction id (set on
   * routing unless present, ecallmgr_fs_router_call.erl interaction_props/3), plus what the
   * router added (stepswitch's resource vars). `interactionId` gives a leg its own interaction
   * (a pickup or consultation call routed as a new call).
   */
  route(leg: Leg, extra: Record<string, unknown> = {}, interactionId = this.interactionId): void {
    Object.assign(leg.ccv, {
      bridge_id: leg.spec.callId,
      call_interaction_id:
        typeof leg.ccv.call_interaction_id === 'string' ? leg.ccv.call_interaction_id : interactionId,
      application_name: 'callflow',
      ...leg.spec.routedCcv,
      ...extra
    });
  }

  /** Gives a live leg another interaction id from its next event on (pickup intercept, attended transfer). */
  retag(leg: Leg, interactionId: string): void {
    leg.ccv.call_interaction_id = interactionId;
  }

  answer(leg: Leg, atS: number): void {
    leg.answeredAt = atS * 1000;
    this.emit(leg, 'CHANNEL_ANSWER', atS);
  }

  /** CHANNEL_BRIDGE is published for the controlling (A) leg only. */
  bridge(aLeg: Leg, other: Leg, atS: number): void {
    aLeg.otherLeg = other.spec.callId;
    other.otherLeg = aLeg.spec.callId;
    this.emit(aLeg, 'CHANNEL_BRIDGE', atS, {
      other_leg_destination_number: other.spec.toUser,
      other_leg_caller_id_name: other.spec.callerIdName,
      other_leg_caller_id_number: other.spec.callerIdNumber
    });
  }

  /**
   * The bridge between `aLeg` and its other leg is broken (Konami's `unbridge` command, Leg Both:
   * konami_transfer.erl unbridge/2). Published only to sockets bound to CHANNEL_UNBRIDGE; ecallmgr
   * clears `other_leg` on both channels (ecallmgr_fs_channel_stream.erl channel_unbridge/1).
   */
  unbridge(aLeg: Leg, atS: number): void {
    const other = this.legs.find((leg) => leg.spec.callId === aLeg.otherLeg);
    this.emit(aLeg, 'CHANNEL_UNBRIDGE', atS);
    aLeg.otherLeg = undefined;
    if (other) other.otherLeg = undefined;
  }

  /**
   * The leg is put on hold or taken off it: FreeSWITCH raises CHANNEL_HOLD / CHANNEL_UNHOLD on the
   * held channel, ecallmgr marks the channel `is_onhold` and publishes the event like any other
   * call event (ecallmgr_fs_channel_hold.erl process_specific_event/4).
   */
  hold(leg: Leg, atS: number, held: boolean): void {
    this.emit(leg, held ? 'CHANNEL_HOLD' : 'CHANNEL_UNHOLD', atS);
  }

  destroy(leg: Leg, atS: number, cause: string, recordingIds: string[] = []): void {
    leg.destroyedAt = atS * 1000;
    if (recordingIds.length) leg.ccv.media_recordings = recordingIds.length === 1 ? recordingIds[0] : recordingIds;
    const duration = Math.round((leg.destroyedAt - (leg.createdAt ?? leg.destroyedAt)) / 1000);
    const billing = leg.answeredAt === undefined ? 0 : Math.ceil((leg.destroyedAt - leg.answeredAt) / 1000);
    const hangupCode = hangupCodeFor(cause);
    const data = this.emit(leg, 'CHANNEL_DESTROY', atS, {
      hangup_cause: cause,
      ...(hangupCode ? { hangup_code: hangupCode } : {}),
      duration_seconds: duration,
      billing_seconds: billing,
      ringing_seconds: duration - billing,
      user_agent: leg.spec.loopback ? undefined : 'Kazoo-Sim/4.3'
    });
    this.cdrs.push(this.cdrFor(leg, data));
  }

  /** A recording of `leg` from `fromS` to `toS`; its document is saved `savedAfterS` after it stops. */
  record(leg: Leg, fromS: number, toS: number, origin: string): string {
    const at = this.startedAt + toS * 1000;
    const id = `${modbPrefix(at)}-${this.random.hex(32)}`;
    const d = this.data(leg, 'CHANNEL_DESTROY', toS);
    this.recordings.push({
      atMs: toS * 1000,
      doc: {
        _id: id,
        id,
        call_id: leg.spec.callId,
        cdr_id: `${modbPrefix(at)}-${leg.spec.callId}`,
        interaction_id: this.interactionId,
        owner_id: leg.ccv.owner_id ?? null,
        caller_id_name: d.caller_id_name,
        caller_id_number: d.caller_id_number,
        callee_id_name: d.callee_id_name,
        callee_id_number: d.callee_id_number,
        from: d.from,
        to: d.to,
        request: d.request,
        direction: leg.spec.direction,
        start: gregorianSeconds(this.startedAt + fromS * 1000),
        duration: toS - fromS,
        duration_ms: (toS - fromS) * 1000,
        content_type: 'audio/wav',
        media_type: 'wav',
        media_source: 'recorded',
        name: `call_recording_${leg.spec.callId}.wav`,
        description: `recording of ${leg.spec.callId}`,
        origin,
        source_type: 'kz_endpoint_recording',
        url: '',
        custom_channel_vars: { ...leg.ccv }
      }
    });
    return id;
  }

  private emit(leg: Leg, name: CallEventName, atS: number, extra: Record<string, unknown> = {}) {
    const data = { ...this.data(leg, name, atS), ...extra };
    for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
    this.events.push({ atMs: atS * 1000, phase: this.phase, name, callId: leg.spec.callId, data });
    return data;
  }

  private data(leg: Leg, name: CallEventName, atS: number): Record<string, unknown> {
    const s = leg.spec;
    const at = this.startedAt + atS * 1000;
    const host = s.host ?? ACCOUNT_REALM;
    // Distinct microseconds per event keep msg_id strictly increasing within a leg and across legs.
    const msgMicros = at * 1000 + (this.seq++ % 1000);
    const callState = {
      CHANNEL_CREATE: 'DOWN',
      CHANNEL_ANSWER: 'ACTIVE',
      CHANNEL_BRIDGE: 'ACTIVE',
      CHANNEL_UNBRIDGE: 'ACTIVE',
      CHANNEL_HOLD: 'HELD',
      CHANNEL_UNHOLD: 'ACTIVE'
    } as const;
    return {
      app_name: 'ecallmgr',
      app_version: '4.3.142',
      event_category: 'call_event',
      event_name: name,
      call_id: s.callId,
      call_direction: s.direction,
      caller_id_name: s.callerIdName,
      caller_id_number: s.callerIdNumber,
      callee_id_name: s.calleeIdName,
      callee_id_number: s.calleeIdNumber,
      channel_name: s.channelName,
      channel_state: name === 'CHANNEL_DESTROY' ? 'HANGUP' : name === 'CHANNEL_CREATE' ? 'NEW' : 'EXECUTE',
      channel_call_state: name === 'CHANNEL_DESTROY' ? 'HANGUP' : callState[name],
      channel_created_time: (this.startedAt + (leg.createdAt ?? atS * 1000)) * 1000,
      ...(s.loopback
        ? { channel_is_loopback: true, channel_loopback_leg: s.channelName.endsWith('-b') ? 'B' : 'A' }
        : {}),
      custom_channel_vars: { ...leg.ccv },
      custom_application_vars: { ...(s.cav ?? {}) },
      custom_sip_headers: {},
      disposition: leg.answeredAt === undefined ? (name === 'CHANNEL_DESTROY' ? undefined : 'EARLY MEDIA') : 'ANSWER',
      from: `${s.fromUser}@${host}`,
      from_uri: `${s.fromUser}@${host}`,
      from_tag: leg.fromTag,
      to: `${s.toUser}@${host}`,
      to_uri: `${s.toUser}@${host}`,
      to_tag: leg.answeredAt === undefined ? undefined : leg.toTag,
      request: `${s.requestUser}@${host}`,
      presence_id: s.presenceId,
      other_leg_call_id: leg.otherLeg,
      media_server: 'fs1.acme.kazoo.test',
      switch_hostname: 'fs1.acme.kazoo.test',
      switch_nodename: 'freeswitch@fs1.acme.kazoo.test',
      switch_uri: 'sip:10.0.0.11:11000',
      switch_url: 'sip:mod_sofia@10.0.0.11:11000',
      timestamp: gregorianSeconds(at),
      msg_id: String(msgMicros)
    };
  }

  private cdrFor(leg: Leg, data: Record<string, unknown>): Record<string, unknown> {
    const end = this.startedAt + (leg.destroyedAt ?? 0);
    const start = this.startedAt + (leg.createdAt ?? leg.destroyedAt ?? 0);
    const ccv = leg.ccv;
    return {
      id: `${modbPrefix(end)}-${leg.spec.callId}`,
      call_id: leg.spec.callId,
      caller_id_number: data.caller_id_number,
      caller_id_name: data.caller_id_name,
      callee_id_number: data.callee_id_number ?? '',
      callee_id_name: data.callee_id_name ?? '',
      other_leg_call_id: leg.otherLeg ?? '',
      owner_id: ccv.owner_id ?? '',
      authorizing_id: ccv.authorizing_id ?? '',
      to: data.to,
      from: data.from,
      direction: leg.spec.direction,
      request: data.request,
      dialed_number: leg.spec.requestUser,
      calling_from: leg.spec.callerIdNumber,
      duration_seconds: data.duration_seconds,
      billing_seconds: data.billing_seconds,
      hangup_cause: data.hangup_cause,
      disposition: data.disposition ?? '',
      timestamp: String(gregorianSeconds(start)),
      datetime: new Date(start).toISOString().replace('T', ' ').slice(0, 19),
      unix_timestamp: Math.floor(start / 1000),
      iso_8601: new Date(start).toISOString().slice(0, 10),
      iso_8601_combined: `${new Date(start).toISOString().slice(0, 19)}Z`,
      bridge_id: ccv.bridge_id ?? '',
      media_recordings: ccv.media_recordings ?? [],
      media_server: data.media_server,
      interaction_id: ccv.call_interaction_id ?? '',
      custom_application_vars: { ...(leg.spec.cav ?? {}) },
      // Not a listing column: kept so the full CDR document (`GET /cdrs/{id}`) can be served.
      _doc: { ...data, custom_channel_vars: { ...ccv }, _created: gregorianSeconds(end) }
    };
  }
}
