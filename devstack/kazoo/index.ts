/**
 * The Kazoo simulator: a blackhole websocket and a crossbar HTTP API for one account, and a
 * scenario engine that plays realistic calls (real leg structure, Kazoo payloads) and knows
 * what each agent's CallData__c record must end as. See README.md in this folder.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { AuthTokens } from './auth-tokens.ts';
import { BlackholeServer, type CallEventObserver } from './blackhole-server.ts';
import { CallStore } from './call-store.ts';
import { startCrossbar } from './crossbar-server.ts';
import { ACCOUNT_ID, ACCOUNT_REALM, MAIN_NUMBER, RING_GROUP, USERS, VOICEMAIL_BOX, callflows } from './directory.ts';
import { createRandom } from './kazoo-format.ts';
import type { QuickcallRecord } from './quickcall-route.ts';
import { playScenario, type PlayKnobs, type ScenarioRun } from './scenario-player.ts';
import { SCENARIOS, type ExpectedCallData, type ScenarioName } from './scenarios.ts';
import { makeWavTone } from './wav-tone.ts';
import { startLoad, type LoadHandle, type LoadOptions } from './load-generator.ts';
import { DoNotDisturb } from './do-not-disturb.ts';
import { LiveCall, type LiveCallOptions } from './live-call.ts';
import type { ChannelActionRecord } from './channel-routes.ts';

export type { CallPhase, ScriptEvent } from './call-script.ts';
export type { ExpectedCallData, ScenarioName, ScenarioParams } from './scenarios.ts';
export type { PlayKnobs, ScenarioRun } from './scenario-player.ts';
export type { QuickcallRecord } from './quickcall-route.ts';
export type { LoadHandle, LoadOptions } from './load-generator.ts';
export type { LiveCall, LiveCallOptions } from './live-call.ts';
export type { ChannelActionRecord } from './channel-routes.ts';
export { SCENARIOS } from './scenarios.ts';
export { ACCOUNT_ID, EXTERNAL_NUMBERS, MAIN_NUMBER, USERS } from './directory.ts';

export interface KazooSimulatorOptions {
  /** Crossbar port (0 = any free port). The websocket gets its own port, like Kazoo's 8000/5555. */
  port?: number;
  websocketPort?: number;
  apiKey?: string;
  accountId?: string;
  seed?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Default time scale for calls started by quickcall or `play` without one (1 = real time). */
  timeScale?: number;
  /** Real ms between hangup and the recording document being readable (Kazoo saves it late). */
  recordingDelayMs?: number;
  /** The custom application var whose value is the click-to-dial's Salesforce record id. */
  relatedRecordCav?: string;
  /** Kazoo 4.3's `blackhole.max_queued_messages`: frames beyond it are dropped silently (unset: none). */
  maxQueued?: number;
}

export interface KazooDirectory {
  accountId: string;
  realm: string;
  mainNumber: string;
  users: typeof USERS;
  ringGroup: typeof RING_GROUP;
  voicemailBox: typeof VOICEMAIL_BOX;
  /** extension → PBX user id */
  extensions: Record<string, string>;
  callflows: Record<string, unknown>[];
}

export interface KazooSimulator {
  crossbarUrl: string;
  websocketUrl: string;
  accountId: string;
  apiKey: string;
  directory: KazooDirectory;
  play(scenario: ScenarioName, knobs?: PlayKnobs): Promise<ScenarioRun>;
  /** Every played call's expected final record per agent, keyed by CallId__c. */
  groundTruth(): Record<string, ExpectedCallData>;
  /** Quickcall requests received, oldest first. */
  readonly quickcalls: readonly QuickcallRecord[];
  setDeviceOnline(userId: string, online: boolean): void;
  /** Whether the user picks up a ringing quickcall (false: every device rings out, NO_ANSWER). */
  setPhoneAnswers(userId: string, answers: boolean): void;
  /** Closes every websocket; `outageMs` keeps refusing reconnects for that long. */
  dropSockets(outageMs?: number): void;
  connectedClients(): number;
  /** Calls `observer` as each call event is published (before the sockets get it); returns a function that stops it. */
  onCallEvent(observer: CallEventObserver): () => void;
  /** Sets blackhole's `max_queued_messages` (Infinity: never drop); returns frames dropped so far. */
  setMaxQueued(limit: number): number;
  /** Fault injection: an error `reply` frame to no request, on every socket; returns how many sockets. */
  sendUnsolicitedError(errors?: string[]): number;
  /** Fault injection: `text` as one raw frame on every subscribed socket; returns how many sockets. */
  sendRawFrame(text: string): number;
  startLoad(options: LoadOptions): LoadHandle;
  /** Starts a call that waits for people and the API (answer, hold, transfer, decline, hang up). */
  ringLive(options: LiveCallOptions): LiveCall;
  /** The user's (or, with `deviceId`, one device's) DND, as the desk phone's feature code sets it. */
  setDoNotDisturb(userId: string, enabled: boolean): void;
  /** Whether Konami acts on API metaflows (hangup, transfer, hold) in this account (default true). */
  setMetaflows(enabled: boolean): void;
  /** Presence states set through crossbar (`POST /users/{U}/presence`), by user id. */
  readonly presence: ReadonlyMap<string, string>;
  /** Channel actions crossbar accepted (POST/PUT /channels/{UUID}), oldest first. */
  readonly channelActions: readonly ChannelActionRecord[];
  stop(): Promise<void>;
}

/** A Kazoo API key is 64 hex characters (schemas/api_auth.json). */
export const DEFAULT_API_KEY = '5e1f0c0ffee00000000000000000000000000000000000000000000000005171';
export const DEFAULT_RELATED_RECORD_CAV = 'sf_related_record_id';

export async function startKazooSimulator(options: KazooSimulatorOptions = {}): Promise<KazooSimulator> {
  const accountId = options.accountId ?? ACCOUNT_ID;
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const tokens = new AuthTokens();
  const store = new CallStore();
  const blackhole = new BlackholeServer(tokens, accountId);
  if (options.maxQueued !== undefined) blackhole.maxQueued = options.maxQueued;
  const aborter = new AbortController();
  setMaxListeners(0, aborter.signal); // one listener per sleeping call under load
  const truth = new Map<string, ExpectedCallData>();
  const offline = new Set<string>();
  const unanswering = new Set<string>();
  const quickcalls: QuickcallRecord[] = [];
  const runs = new Set<Promise<void>>();
  const relatedRecordCav = options.relatedRecordCav ?? DEFAULT_RELATED_RECORD_CAV;
  const dnd = new DoNotDisturb();
  const liveCalls = new Set<LiveCall>();
  const channelActions: ChannelActionRecord[] = [];
  const presence = new Map<string, string>();
  let metaflows = true;
  const playerDeps = {
    blackhole,
    store,
    random: createRandom(options.seed ?? Date.now()),
    relatedRecordCav,
    defaultTimeScale: options.timeScale ?? 1,
    recordingDelayMs: options.recordingDelayMs ?? 1500,
    signal: aborter.signal,
    onExpected: (expected: ExpectedCallData[]) => expected.forEach((e) => truth.set(e.CallId__c, e))
  };
  const play = (scenario: ScenarioName, knobs: PlayKnobs = {}): ScenarioRun => {
    if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario '${String(scenario)}'`);
    const run = playScenario(playerDeps, scenario, knobs);
    runs.add(run.finished);
    void run.finished.finally(() => runs.delete(run.finished));
    return run;
  };

  const wsPort = await blackhole.listen(options.websocketPort ?? 0);
  const crossbar = await startCrossbar(
    {
      tokens,
      store,
      accountId,
      apiKey,
      audio: makeWavTone(),
      quickcalls,
      isUserOnline: (userId) => !offline.has(userId),
      channelAnswered: (callId) => store.channelAnswered(callId),
      dnd,
      presence,
      actions: channelActions,
      metaflowsEnabled: () => metaflows,
      liveCallOf: (callId) => [...liveCalls].find((call) => call.has(callId)),
      startQuickcall: (user, number, cav) =>
        play(unanswering.has(user.id) ? 'click-to-dial-unanswered' : 'click-to-dial', {
          agentId: user.id,
          externalNumber: number,
          customApplicationVars: cav
        })
    },
    options.port ?? 0
  );
  const crossbarUrl = `http://127.0.0.1:${crossbar.port}`;
  options.logger?.info({ crossbarUrl, websocketPort: wsPort }, 'kazoo simulator listening');

  return {
    crossbarUrl,
    websocketUrl: `ws://127.0.0.1:${wsPort}`,
    accountId,
    apiKey,
    directory: {
      accountId,
      realm: ACCOUNT_REALM,
      mainNumber: MAIN_NUMBER,
      users: USERS,
      ringGroup: RING_GROUP,
      voicemailBox: VOICEMAIL_BOX,
      extensions: Object.fromEntries(USERS.map((u) => [u.extension, u.id])),
      callflows: callflows()
    },
    play: (scenario, knobs) => Promise.resolve().then(() => play(scenario, knobs)),
    groundTruth: () => Object.fromEntries(truth),
    quickcalls,
    setDeviceOnline: (userId, online) => void (online ? offline.delete(userId) : offline.add(userId)),
    setPhoneAnswers: (userId, answers) => void (answers ? unanswering.delete(userId) : unanswering.add(userId)),
    dropSockets: (outageMs) => blackhole.dropSockets(outageMs),
    connectedClients: () => blackhole.connectedClients,
    onCallEvent: (observer) => blackhole.observeCalls(observer),
    setMaxQueued: (limit) => {
      blackhole.maxQueued = limit;
      return blackhole.stats.framesDropped;
    },
    sendUnsolicitedError: (errors) => blackhole.sendUnsolicitedError(errors),
    sendRawFrame: (text) => blackhole.sendRawFrame(text),
    ringLive: (liveOptions) => {
      const call = new LiveCall({ ...playerDeps, dnd }, liveOptions);
      liveCalls.add(call);
      void call.ended.then(() => liveCalls.delete(call));
      return call;
    },
    setDoNotDisturb: (userId, enabled) => dnd.setUser(userId, enabled),
    setMetaflows: (enabled) => void (metaflows = enabled),
    channelActions,
    presence,
    startLoad: (loadOptions) => startLoad((scenario, knobs) => play(scenario, knobs), loadOptions, aborter.signal),
    async stop() {
      aborter.abort();
      await Promise.allSettled([...runs]);
      await Promise.all([blackhole.close(), crossbar.app.close()]);
    }
  };
}
