import { LightningElement, api } from 'lwc';
import { CALL_TYPE, OPEN_CTI_UNAVAILABLE } from 'c/openCtiService';
import {
  PRIVATE_NUMBER,
  dialRefusal,
  dialableNumberOf,
  formatNumber,
  isIncoming,
  isPrivateNumber,
  numberOf,
  otherPartyName,
  normalizeDialInput,
  setHomeRegion,
  withDefaultRegion
} from 'c/callFormat';
import {
  DEFAULT_SETTINGS,
  errorText,
  isInboundRinging,
  needsWrapUp,
  panelState,
  readSettings,
  sortCalls,
  withHistoryPage,
  withLinkedCaller,
  withoutCaller
} from './callState';
import { asPushedUpdate, callKey, mergeOrdered, withEnded } from './pushedCalls';
import { withClosed, withDraft, withEndedCall, withEntry, withReopened } from './wrapUpQueue';
import { loadWrapUps, saveWrapUps, withSharedWrapUps } from './wrapUpStore';
import { createMemoryStore } from 'c/localStore';
import { createTabLeader } from 'c/tabLeader';
import { recentRedialSeconds, withDialContext, withPlaced } from './dialGuard';
import { createCallControls, withHoldClock } from './callControls';
import {
  consultationsOf,
  isNoConsultation,
  withConsultation,
  withConsultations,
  withoutConsultation
} from './consultations';
import {
  NO_OUTCOMES,
  isFailedDial,
  isMissedCall,
  outcomesFromStored,
  toFailedDial,
  toMissedEntry,
  withCalledBack,
  withHandled,
  withOutcome
} from './callOutcomes';

const TICK_MS = 1000;
/** Wrap-up forms shown at once; the rest wait in order behind them (counted). */
const WRAP_UPS_SHOWN = 3;
/** How many popped call ids are remembered across reloads. */
const POPPED_KEPT = 100;
/** How many this tab remembers (a call popped stays among them while it can still ring): a day of calls never piles up. */
const POPPED_REMEMBERED = 500;

/** Services may come without ring alerts (tests, pages without the browser APIs): then a ring is only shown. */
const NO_ALERTS = { ring: () => false, stop: () => undefined };

/** An incoming call the agent is on or is being rung for: its caller's record is popped once. */
function needsPop(call) {
  return isIncoming(call) && (call.status === 'Ringing' || call.status === 'Connected' || call.status === 'OnHold');
}

/**
 * The container: owns the open calls, wrap-up, history and errors, and wires the services
 * (`services = { openCti, streaming, apex, storage, tabs }`, see softphone/main.js) to the child components.
 * Of the agent's browser tabs only the leader (`tabs`, c/tabLeader) streams, pops and queues wrap-ups; it
 * broadcasts calls, the connection and the wrap-up queue, and the other tabs mirror them.
 */
export default class SoftphoneApp extends LightningElement {
  static renderMode = 'light';

  @api services;

  ready = false;
  tab = 'phone';
  calls = [];
  connection = { state: 'connecting', reason: '' };
  error = '';
  notice = '';
  dialStatus = '';
  dialNumber = '';
  /** A dial request is in flight: Call and click-to-dial wait for it (one click, one call). */
  dialing = false;
  /** Dials the PBX accepted: `{ number, recordId, recordName, at }`. */
  placed = [];
  /** The same number again within seconds, waiting for the agent to confirm. */
  redial = null;
  /** One picker per ringing call with several matching records: `{ callId, number, matches }`. */
  matchChoices = [];
  /** `{ pending: [{ id, call, wrapUpCode, notes, saving, saved, error }], closed: [callId] }` (wrapUpQueue.js). */
  wrapUps = { pending: [], closed: [] };
  wrapUpCodes = [];
  history = {
    filter: 'today',
    query: { search: '', fromDay: '', toDay: '' },
    calls: [],
    hasMore: false,
    nextBefore: null,
    loading: false,
    loaded: false,
    /** Calls that ended while the agent was reading the list: offered with a notice, never pushed in. */
    newCalls: 0
  };
  recordings = {};
  /** Missed calls not yet called back or dismissed (callOutcomes.js), kept across reloads. */
  missed = NO_OUTCOMES;
  /** Dials that ended without connecting, with why (`{ id, text }`), until dismissed or the next dial. */
  failedDials = NO_OUTCOMES;
  now = Date.now();
  settings = DEFAULT_SETTINGS;

  /** The call whose Transfer the agent clicked: the transfer dialog is open for it. */
  transferCallId = null;
  /** Attended transfers in progress by interaction id: `{ target, label }` (consultations.js). */
  consultations = {};

  popped = new Set();
  /** Keys (callKey) of calls seen ending: a late delivery of an older state never brings their card back. */
  ended = new Set();
  /** This tab owns the agent's CometD connection, screen pops and wrap-up queue (c/tabLeader). */
  leader = false;
  lastPanel = '';
  ticker = null;

  connectedCallback() {
    const { openCti, streaming } = this.services;
    this.store = this.services.storage || createMemoryStore();
    this.alerts = this.services.alerts || NO_ALERTS;
    this.wrapUps = loadWrapUps(this.store);
    // Calls already popped (in this tab before a reload, or in another tab of the agent): never popped twice.
    const popped = this.store.load('popped');
    this.popped = new Set(Array.isArray(popped) ? popped : []);
    this.missed = outcomesFromStored(this.store.load('missed'));
    if (this.wrapUps.pending.length) this.loadWrapUpCodes();
    this.callControls = createCallControls({
      apex: this.services.apex,
      update: (callId, change) => this.updateCall(callId, change),
      fail: (message) => (this.error = message),
      refused: (callId, action, error) => {
        if (isNoConsultation(error)) this.endConsultation(callId);
      },
      stale: () => this.isStale,
      timers: this.services.timers,
      timeoutMs: this.services.callControlTimeoutMs
    });
    this.startOpenCti(openCti);
    this.agentTabs = this.services.tabs || createTabLeader();
    streaming.onStatus((status) => {
      this.connection = status;
      this.agentTabs.post({ kind: 'status', status });
    });
    streaming.onCall((call) => {
      this.agentTabs.post({ kind: 'call', call });
      this.applyCall(call);
    });
    // The adapter's ringing channel (c/ringChannelService), when the page has one: first with each state.
    if (this.services.ring) {
      this.services.ring.onCall((call) => {
        this.agentTabs.post({ kind: 'pushed', call });
        this.applyPushed(call);
      });
    }
    streaming.onReconnect(() => {
      this.agentTabs.post({ kind: 'reconnect' });
      this.loadOpenCalls();
      this.refreshAgentStatus();
    });
    this.agentTabs.onMessage((message) => this.handleTabMessage(message));
    this.agentTabs.onLeader(() => this.lead());
    this.agentTabs.start();
    if (!this.agentTabs.isLeader) this.agentTabs.post({ kind: 'hello' });
    this.loadOpenCalls();
  }

  disconnectedCallback() {
    this.stopTicker();
    this.callControls.stop();
    this.agentTabs.stop();
    if (this.leader) {
      this.services.streaming.stop();
      if (this.services.ring) this.services.ring.stop();
    }
  }

  /**
   * This tab was elected (first tab, or the leader closed): it streams from now on. Calls that rang while no tab
   * led are open calls, so loading them pops what no tab popped yet (`popped` is shared through the store).
   */
  lead() {
    this.leader = true;
    const popped = this.store.load('popped');
    if (Array.isArray(popped)) popped.forEach((id) => this.rememberPopped(id));
    this.services.streaming.start();
    if (this.services.ring) this.services.ring.start();
    if (this.ready) this.loadOpenCalls();
  }

  /** What the leader tab broadcasts, applied by the others (and a newcomer's hello, answered by the leader). */
  handleTabMessage(message) {
    if (!message) return;
    if (message.kind === 'hello' && this.leader) this.agentTabs.post({ kind: 'status', status: this.connection });
    if (message.kind === 'popped') this.rememberPopped(message.callId);
    // A missed call called back or dismissed in one tab leaves the list in every tab.
    if (message.kind === 'missed') this.missed = outcomesFromStored(message.missed);
    if (message.kind === 'wrapUps') {
      this.wrapUps = withSharedWrapUps(this.wrapUps, message, this.store);
      if (this.wrapUps.pending.length) this.loadWrapUpCodes();
    }
    if (this.leader) return;
    if (message.kind === 'call') this.applyCall(message.call);
    if (message.kind === 'pushed') this.applyPushed(message.call);
    if (message.kind === 'status') this.connection = message.status;
    if (message.kind === 'reconnect') {
      this.loadOpenCalls();
      this.refreshAgentStatus();
    }
  }

  startOpenCti(openCti) {
    if (!openCti.available) {
      this.notice = OPEN_CTI_UNAVAILABLE;
      return;
    }
    this.report(openCti.notifyInitializationComplete());
    this.report(openCti.getCallCenterSettings()).then((settings) => {
      if (!settings) return;
      this.settings = readSettings(settings);
      setHomeRegion(this.settings.defaultRegion);
    });
    this.report(openCti.enableClickToDial());
    this.report(
      openCti.onClickToDial((payload) => {
        this.dialNumber = payload.number;
        this.placeCall(payload.number, payload.recordId, { name: payload.recordName, recordId: payload.recordId });
      })
    );
  }

  /** Shows a failed promise's message to the agent; the softphone never hides a failure. */
  report(promise) {
    return Promise.resolve(promise).catch((error) => {
      this.error = errorText(error);
      return undefined;
    });
  }

  // ----- open calls -----

  async loadOpenCalls() {
    const open = await this.report(this.services.apex.getOpenCalls());
    this.ready = true;
    if (!open) return;
    const known = new Map(this.calls.map((c) => [callKey(c), c]));
    const now = Date.now();
    const listed = open.filter((call) => !this.ended.has(callKey(call)));
    const listedKeys = new Set(listed.map(callKey));
    // A pushed call the org has not stored yet is not in the list, but it is still ringing.
    const pushedOnly = this.calls.filter((c) => c.provisional && !listedKeys.has(callKey(c)));
    this.calls = sortCalls([
      ...listed.map((call) => {
        const before = known.get(callKey(call));
        return withHoldClock(before, withDialContext(mergeOrdered(before, call), this.placed), now);
      }),
      ...pushedOnly
    ]);
    known.forEach((_, id) => this.callControls.settle(id, this.calls.find((c) => c.id === id) || null));
    this.consultations = consultationsOf(this.consultations, this.calls);
    this.calls.filter(needsPop).forEach((call) => this.announceRing(call));
    this.afterCallsChanged();
  }

  /**
   * A state from the adapter's ringing channel, before the org has it: applied like a PushTopic delivery of the
   * same record (pushedCalls.js). Its card stays provisional until the org's copy brings the record Id.
   */
  applyPushed(pushed) {
    const key = callKey(pushed);
    if (!key) return;
    const known = this.calls.find((c) => callKey(c) === key) || this.dialingCardOf(pushed);
    // A preview of a leg whose call already has its own card (stored meanwhile) has nothing to add.
    if (!known && pushed.aLegCallId && this.calls.some((c) => c.aLegCallId === pushed.aLegCallId)) return;
    this.applyCall(asPushedUpdate(known, pushed), known);
  }

  /**
   * The card of a call the agent is dialling (the adapter's preview of its A-leg, before the PBX named the call)
   * that the pushed record now turns out to be: both carry the A-leg's call id.
   */
  dialingCardOf(pushed) {
    if (!pushed.aLegCallId) return undefined;
    return this.calls.find(
      (c) => c.provisional && c.aLegCallId === pushed.aLegCallId && callKey(c) !== callKey(pushed)
    );
  }

  applyCall(update, knownCard = undefined) {
    const key = callKey(update);
    // Once a call ended, only its Ended state may come again (a Task id, a recording); an older state is late.
    if (update.status !== 'Ended' && this.ended.has(key)) return;
    const known = knownCard || this.calls.find((c) => c.id === update.id || callKey(c) === key);
    const call = withHoldClock(known, withDialContext(mergeOrdered(known, update), this.placed), Date.now());
    if (known && known.id !== call.id) this.rekeyCall(known.id, call.id, known.linkOnStore);
    const others = this.calls.filter((c) => c !== known);
    if (!isInboundRinging(call)) this.alerts.stop(key);
    if (call.status === 'Ended') {
      const firstEnd = !this.ended.has(key);
      this.ended = withEnded(this.ended, key);
      this.calls = others;
      this.consultations = withoutConsultation(this.consultations, call);
      this.matchChoices = this.matchChoices.filter((m) => m.callId !== call.id);
      // Wrap-up and the missed-call list need the record Id: a provisional call gets them from the org's Ended.
      if (!call.provisional) this.keepOutcome(call);
      // The list the agent is reading never jumps (ux-walk #21): a notice offers the new call instead.
      if (firstEnd && this.tab === 'history' && this.history.loaded) {
        this.history = { ...this.history, newCalls: this.history.newCalls + 1 };
      } else if (firstEnd || !call.provisional) {
        this.history = { ...this.history, loaded: false };
      }
    } else {
      this.calls = sortCalls([...others, call]);
      // A call first seen already connected (pickup, transfer, a fast ring-group leg) pops too.
      if (isInboundRinging(call) || (!known && needsPop(call))) this.announceRing(call);
      if (call.direction === 'Outbound') this.dialStatus = '';
    }
    this.callControls.settle(call.id, call.status === 'Ended' ? null : call);
    this.afterCallsChanged();
  }

  /** What an ended call leaves: its wrap-up, a missed call to call back, a failed dial's reason. */
  keepOutcome(call) {
    if (needsWrapUp(call) && this.leader) this.queueWrapUp(call);
    if (isMissedCall(call)) this.setMissed(withOutcome(this.missed, toMissedEntry(call)));
    if (isFailedDial(call)) this.failedDials = withOutcome(this.failedDials, toFailedDial(call));
  }

  /** A provisional card got its record Id: a caller pick waiting on it now saves to that record. */
  rekeyCall(fromId, toId, waiting) {
    this.matchChoices = this.matchChoices.map((m) => (m.callId === fromId ? { ...m, callId: toId } : m));
    if (!waiting) return;
    // Once the card is stored under its Id (this runs inside applyCall), the pick it held is saved.
    Promise.resolve().then(() => {
      this.updateCall(toId, (c) => ({ ...c, linkOnStore: null }));
      this.linkCaller(toId, waiting.recordId, waiting.apply);
    });
  }

  // ----- call controls (callControls.js) and agent status (c/agentStatus) -----

  /**
   * A card's Decline, Hold, Resume, Hang up, Complete transfer or Back to caller goes to the PBX; Transfer first
   * asks where to. Back to caller accepted ends the consultation (completing it ends the agent's record).
   */
  async handleCallAction(event) {
    const { callDataId, action } = event.detail;
    if (action === 'transfer') {
      this.transferCallId = callDataId;
      return;
    }
    const sent = await this.callControls.run(callDataId, action);
    if (sent && action === 'cancel-transfer') this.endConsultation(callDataId);
  }

  /** The dialog's Transfer now (blind) or Consult first; a consultation accepted shows on the card. */
  async handleTransfer(event) {
    const callId = this.transferCallId;
    this.transferCallId = null;
    if (!callId) return;
    const { action, target, name } = event.detail;
    const sent = await this.callControls.run(callId, action === 'consult' ? 'consult' : 'transfer', target);
    const call = this.calls.find((c) => c.id === callId);
    if (!sent || action !== 'consult' || !call) return;
    this.consultations = withConsultation(this.consultations, call, target, name);
    // The dialog that had focus is gone: focus goes to the consultation's first control.
    Promise.resolve().then(() => {
      const button = this.querySelector(`[data-call-id="${callId}"] [data-id="call-complete-transfer"]`);
      if (button) button.focus();
    });
  }

  endConsultation(callId) {
    const call = this.calls.find((c) => c.id === callId);
    if (call) this.consultations = withoutConsultation(this.consultations, call);
  }

  /** The open calls as the cards show them, with any consultation in progress. */
  get cards() {
    return withConsultations(this.calls, this.consultations);
  }

  /** The dialog closed: focus goes back to the Transfer button it came from (WAI-ARIA APG dialog). */
  handleTransferCancel() {
    const callId = this.transferCallId;
    this.transferCallId = null;
    Promise.resolve().then(() => {
      const button = this.querySelector(`[data-call-id="${callId}"] [data-id="call-transfer"]`);
      if (button) button.focus();
    });
  }

  get transferCall() {
    return this.calls.find((c) => c.id === this.transferCallId) || null;
  }

  refreshAgentStatus() {
    const menu = this.querySelector('c-agent-status');
    if (menu) menu.refresh();
  }

  /**
   * Inbound ring: show the panel and pop the caller's record once per call. The card comes first: the callers
   * changed `calls`, so LWC's render is already queued as a microtask, and awaiting one here puts the panel, the
   * alert and the search after it (and after the other updates of the same CometD response).
   */
  async announceRing(call) {
    const { openCti } = this.services;
    // By CallId__c: the same ring pushed first and delivered by the org later pops once.
    const key = callKey(call);
    if (!this.leader || this.popped.has(key) || !openCti.available) return;
    this.rememberPopped(key);
    await Promise.resolve();
    this.store.save('popped', [...this.popped].slice(-POPPED_KEPT));
    this.agentTabs.post({ kind: 'popped', callId: key });
    this.report(openCti.showPanel());
    // A later update of the same response may have answered or ended the call meanwhile: no ringtone then.
    const current = this.calls.find((c) => callKey(c) === key);
    if (current && isInboundRinging(current)) this.alertHiddenTab(current);
    // A withheld or missing number has nothing to search for (Open CTI answers an error for an empty one).
    const number = dialableNumberOf(call);
    if (!number) return;
    const found = await this.report(openCti.searchAndScreenPop(number, CALL_TYPE.INBOUND));
    // The card may have got its record Id meanwhile (a pushed ring the org has now stored).
    const shown = this.calls.find((c) => callKey(c) === key);
    if (!found || !shown) return;
    if (found.matches.length > 1) {
      const choice = { callId: shown.id, number, matches: found.matches };
      this.matchChoices = [...this.matchChoices.filter((m) => m.callId !== shown.id), choice];
      this.updateCall(shown.id, (c) => ({ ...c, matchCount: found.matches.length }));
    } else if (found.matches.length === 0) {
      // Nobody matched: the card offers to save the caller as a new Lead or Contact.
      this.updateCall(shown.id, (c) => ({ ...c, noMatch: true }));
    } else if (found.matches.length === 1) {
      // A streamed ring carries at most the matched record's id, never its name: the search just told us both.
      // The adapter already stored a single match on the record, so there is nothing to save here.
      const [match] = found.matches;
      this.updateCall(shown.id, (c) => ({
        ...c,
        pickedRecordId: c.pickedRecordId || match.id,
        matchedName: c.matchedName || match.name
      }));
    }
  }

  rememberPopped(key) {
    this.popped.add(key);
    if (this.popped.size > POPPED_REMEMBERED) this.popped.delete(this.popped.values().next().value);
  }

  /** The agent may not be looking: a ringtone and a desktop notification that brings the softphone forward. */
  alertHiddenTab(call) {
    const who = call.matchedName || otherPartyName(call) || '';
    const number = isPrivateNumber(call) ? PRIVATE_NUMBER : formatNumber(numberOf(call));
    this.alerts.ring(callKey(call), {
      title: `Incoming call: ${number}`,
      body: who && who !== number ? who : 'Open the softphone to see the caller',
      ringtone: this.settings.ringtone,
      onOpen: () => this.report(this.services.openCti.showPanel())
    });
  }

  afterCallsChanged() {
    const { label, icon } = panelState(this.calls);
    if (this.services.openCti.available && label !== this.lastPanel) {
      this.lastPanel = label;
      this.report(this.services.openCti.setPanelState(label, icon));
    }
    if (this.calls.length) this.startTicker();
    else this.stopTicker();
  }

  startTicker() {
    if (this.ticker) return;
    // Only the ticker moves the clock once it runs: a new `now` re-renders every open card, and a
    // burst of call changes would redraw them all for each (a timer ≤ 1 s behind shows 0:00 at worst).
    this.now = Date.now();
    // The live call timer needs a clock; it runs only while a call is open.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.ticker = setInterval(() => {
      this.now = Date.now();
    }, TICK_MS);
  }

  stopTicker() {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  // ----- dialling -----

  /**
   * Dials through the PBX; the related record is the click-to-dial record or the page the agent is on.
   * One at a time: a dial in flight ignores the next, and the same number again soon asks first.
   * `shown` ({ name, recordId }) is who the card names for the call (the record it was dialled for).
   * Resolves true once the PBX took the call.
   */
  async placeCall(number, relatedRecordId, shown, confirmed = false) {
    if (this.dialing) return false;
    const normalized = normalizeDialInput(number);
    if (!normalized) {
      this.error = dialRefusal(number);
      return false;
    }
    const dialled = withDefaultRegion(normalized, this.settings.defaultRegion);
    const secondsAgo = confirmed ? null : recentRedialSeconds(this.placed, dialled, Date.now());
    if (secondsAgo !== null) {
      this.redial = { number: dialled, relatedRecordId, shown, label: formatNumber(dialled), secondsAgo };
      this.tab = 'phone';
      return false;
    }
    this.redial = null;
    this.dialing = true;
    // A new dial replaces the notice of the last one that failed.
    this.failedDials = { ...this.failedDials, calls: [] };
    try {
      const placed = await this.dial(dialled, relatedRecordId || null, shown || {});
      if (placed && this.missed.calls.some((c) => c.number === dialled)) {
        this.setMissed(withCalledBack(this.missed, dialled));
      }
      return placed;
    } finally {
      this.dialing = false;
    }
  }

  async dial(dialled, relatedRecordId, shown) {
    const { openCti, apex } = this.services;
    let recordId = relatedRecordId;
    let { name, recordId: shownId } = shown;
    if (!recordId && openCti.available) {
      const view = await this.report(openCti.getAppViewInfo());
      recordId = (view && view.recordId) || null;
      name = (view && view.recordName) || null;
      shownId = recordId;
    }
    this.dialStatus = `Calling ${formatNumber(dialled)}…`;
    this.tab = 'phone';
    // Remembered before the request: the PBX answers the dial only once the agent's phone rings, and the
    // call's first event may arrive before that answer.
    const now = Date.now();
    const placed = { number: dialled, recordId: shownId || null, recordName: name || null, at: now };
    this.placed = withPlaced(this.placed, placed, now);
    this.calls = this.calls.map((c) => withDialContext(c, this.placed));
    const queued = await this.report(apex.dial(dialled, recordId));
    // The redial window counts from when the PBX took the call, however long the request took.
    this.placed = this.placed
      .map((p) => (p === placed && queued ? { ...p, at: Date.now() } : p))
      .filter((p) => p !== placed || queued);
    if (!queued) this.dialStatus = '';
    return Boolean(queued);
  }

  handleRedialConfirm() {
    const { number, relatedRecordId, shown } = this.redial;
    this.redial = null;
    this.placeCall(number, relatedRecordId, shown, true);
  }

  handleRedialCancel() {
    this.redial = null;
  }

  handleDial(event) {
    this.placeCall(event.detail.number, null, {});
  }

  /** Call back from History or the missed-call list: a missed call called back leaves the list. */
  async handleCallback(event) {
    const { number, callDataId, name, recordId } = event.detail;
    if (await this.placeCall(number, callDataId, { name, recordId }))
      this.setMissed(withHandled(this.missed, callDataId));
  }

  // ----- missed calls and failed dials -----

  setMissed(next) {
    this.missed = next;
    this.store.save('missed', next);
    this.agentTabs.post({ kind: 'missed', missed: next });
  }

  handleMissedDismiss(event) {
    this.setMissed(withHandled(this.missed, event.detail.callDataId));
  }

  handleFailedDialDismiss(event) {
    this.failedDials = withHandled(this.failedDials, event.currentTarget.dataset.callId);
  }

  get missedCalls() {
    return this.missed.calls;
  }

  get hasMissedCalls() {
    return this.missed.calls.length > 0;
  }

  // ----- records -----

  handleOpenRecord(event) {
    this.report(this.services.openCti.screenPop(event.detail.recordId));
  }

  /** The picked record is popped at once and saved on the call (`linkCaller`), so it also lands on the call Task. */
  async handleMatchSelect(event) {
    const { recordId } = event.detail;
    const callId = event.currentTarget.dataset.callId;
    const choice = this.matchChoices.find((m) => m.callId === callId);
    if (!choice) return;
    const name = (choice.matches.find((m) => m.id === recordId) || {}).name;
    this.updateCall(callId, (c) => ({ ...c, pickedRecordId: recordId, matchedName: name || c.matchedName }));
    this.matchChoices = this.matchChoices.filter((m) => m.callId !== callId);
    this.report(this.services.openCti.screenPop(recordId));
    await this.linkCaller(callId, recordId, (c, saved) => withLinkedCaller(c, saved));
  }

  /**
   * Saves the agent's pick on the call (`linkCaller`). A provisional card has no record to save on yet: the pick
   * waits on the card (`linkOnStore`) and is saved once the org's copy gives it its Id (rekeyCall).
   */
  async linkCaller(callId, recordId, apply) {
    const call = this.calls.find((c) => c.id === callId);
    if (call && call.provisional) {
      this.updateCall(callId, (c) => ({ ...c, linkOnStore: { recordId, apply } }));
      return;
    }
    const saved = await this.report(this.services.apex.linkCaller(callId, recordId));
    if (saved) this.updateCall(callId, (c) => apply(c, saved));
  }

  /** An unknown caller: a new Lead or Contact with the number, linked to the call and popped for the agent. */
  async handleCreateCaller(event) {
    const callId = event.detail.callDataId;
    this.updateCall(callId, (c) => ({ ...c, creatingCaller: true }));
    const saved = await this.report(this.services.apex.createCaller(callId, this.settings.newCallerObject));
    this.updateCall(callId, (c) => ({ ...(saved ? withLinkedCaller(c, saved) : c), creatingCaller: false }));
    const recordId = saved && (saved.leadId || saved.contactId);
    if (recordId) {
      this.updateCall(callId, (c) => ({ ...c, noMatch: false }));
      this.report(this.services.openCti.screenPop(recordId));
    }
  }

  get newCallerLabel() {
    return `New ${this.settings.newCallerObject}`;
  }

  updateCall(callId, change) {
    this.calls = this.calls.map((c) => (c.id === callId ? change(c) : c));
  }

  /** "None of these": the call and its Task are unlinked from every matched record (`linkCaller` with null). */
  async handleMatchDismiss(event) {
    const callId = event.currentTarget.dataset.callId;
    this.matchChoices = this.matchChoices.filter((m) => m.callId !== callId);
    this.updateCall(callId, withoutCaller);
    await this.linkCaller(callId, null, withoutCaller);
  }

  // ----- wrap-up -----

  /** Stores and shares only what changed (wrapUpStore.js): a late event of a closed call changes nothing. */
  setWrapUps(next) {
    if (next === this.wrapUps) return;
    const before = this.wrapUps;
    this.wrapUps = next;
    this.agentTabs.post(saveWrapUps(this.store, before, next));
  }

  queueWrapUp(call) {
    this.setWrapUps(withEndedCall(this.wrapUps, call));
    this.loadWrapUpCodes();
  }

  async loadWrapUpCodes() {
    if (this.wrapUpCodes.length) return;
    const codes = await this.report(this.services.apex.getWrapUpCodes());
    if (codes) this.wrapUpCodes = codes;
  }

  handleWrapUpDraft(event) {
    const { callDataId, wrapUpCode, notes } = event.detail;
    this.setWrapUps(withDraft(this.wrapUps, callDataId, { wrapUpCode, notes }));
  }

  async handleWrapUpSave(event) {
    const { callDataId, wrapUpCode, notes } = event.detail;
    const saving = { wrapUpCode: wrapUpCode || '', notes, saving: true, saved: false, error: '' };
    this.setWrapUps(withEntry(this.wrapUps, callDataId, (e) => ({ ...e, ...saving })));
    try {
      const saved = await this.services.apex.saveWrapUp(callDataId, wrapUpCode, notes);
      this.setWrapUps(
        withEntry(this.wrapUps, callDataId, (e) => ({
          ...e,
          call: { ...e.call, ...saved },
          saving: false,
          saved: true
        }))
      );
    } catch (error) {
      this.setWrapUps(
        withEntry(this.wrapUps, callDataId, (e) => ({ ...e, saving: false, saved: false, error: errorText(error) }))
      );
    }
  }

  handleWrapUpDone(event) {
    this.setWrapUps(withClosed(this.wrapUps, event.detail.callDataId));
  }

  /** History's "Edit wrap-up": the past call joins the queue with what was saved on it. */
  handleEditWrapUp(event) {
    const call = this.history.calls.find((c) => c.id === event.detail.callDataId);
    if (!call) return;
    this.setWrapUps(withReopened(this.wrapUps, call));
    this.loadWrapUpCodes();
    this.tab = 'phone';
  }

  /** The oldest wrap-ups, as forms: an agent works through them in order, and a day's backlog of forms would bury the live calls. */
  get pendingWrapUps() {
    return this.wrapUps.pending.slice(0, WRAP_UPS_SHOWN);
  }

  get moreWrapUps() {
    const more = this.wrapUps.pending.length - WRAP_UPS_SHOWN;
    if (more <= 0) return null;
    return more === 1 ? '1 more call to wrap up' : `${more} more calls to wrap up`;
  }

  // ----- history -----

  async loadHistory(reset) {
    const before = reset ? null : this.history.nextBefore;
    this.history = { ...this.history, loading: true };
    const page = await this.report(
      this.services.apex.getHistory(this.settings.historyPageSize, before, this.history.filter, this.history.query)
    );
    this.history = withHistoryPage(this.history, page, reset);
    if (reset) this.history = { ...this.history, newCalls: 0 };
  }

  handleFilterChange(event) {
    this.history = { ...this.history, filter: event.detail.filter, calls: [] };
    this.loadHistory(true);
  }

  handleLoadMore() {
    this.loadHistory(false);
  }

  handleHistoryQuery(event) {
    this.history = { ...this.history, query: { ...event.detail }, calls: [] };
    this.loadHistory(true);
  }

  handleShowNewCalls() {
    this.loadHistory(true);
  }

  /** On the History tab: the live call and the wrap-ups waiting on the Phone tab (ux-walk #22). */
  get phoneSign() {
    const live = this.calls.find((c) => c.status === 'Connected' || c.status === 'OnHold') || this.calls[0];
    const waiting = this.wrapUps.pending.filter((e) => !e.saved).length;
    const parts = [];
    if (live) parts.push(`${live.status === 'Ringing' ? 'Ringing' : 'On a call'}: ${formatNumber(numberOf(live))}`);
    if (waiting) parts.push(waiting === 1 ? '1 wrap-up waiting' : `${waiting} wrap-ups waiting`);
    return parts.join(' · ');
  }

  handleBackToPhone() {
    this.tab = 'phone';
  }

  async handleLoadRecording(event) {
    const id = event.detail.callDataId;
    this.recordings = { ...this.recordings, [id]: { loading: true } };
    try {
      const link = await this.services.apex.getRecordingLink(id);
      this.recordings = { ...this.recordings, [id]: { url: link.url } };
    } catch (error) {
      this.recordings = { ...this.recordings, [id]: { error: errorText(error) } };
    }
  }

  // ----- view -----

  handleTab(event) {
    this.tab = event.currentTarget.dataset.tab;
    if (this.tab === 'history' && !this.history.loaded) this.loadHistory(true);
  }

  /** WAI-ARIA APG "Tabs" keyboard: Left/Right wrap around, Home/End jump; the new tab is selected and focused. */
  handleTabKey(event) {
    const names = ['phone', 'history'];
    const at = names.indexOf(this.tab);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: names.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.tab = names[(next + names.length) % names.length];
    if (this.tab === 'history' && !this.history.loaded) this.loadHistory(true);
    Promise.resolve().then(() => {
      const button = this.querySelector(`[data-id="tab-${this.tab}"]`);
      if (button) button.focus();
    });
  }

  handleErrorDismiss() {
    this.error = '';
  }

  get isPhoneTab() {
    return this.tab === 'phone';
  }

  get isHistoryTab() {
    return this.tab === 'history';
  }

  get tabs() {
    const missed = this.missed.calls.length;
    return ['phone', 'history'].map((name) => ({
      name,
      label: name === 'phone' ? 'Phone' : 'History',
      badge: name === 'phone' && missed ? String(missed) : '',
      badgeLabel: missed === 1 ? '1 missed call' : `${missed} missed calls`,
      dataId: `tab-${name}`,
      selected: String(this.tab === name),
      // WAI-ARIA APG "Tabs": only the selected tab is in the tab order; arrow keys move between tabs.
      tabIndex: this.tab === name ? '0' : '-1',
      tabId: `softphone-tab-${name}`,
      panelId: `softphone-panel-${name}`,
      className: `slds-tabs_default__item${this.tab === name ? ' slds-is-active' : ''}`
    }));
  }

  get ringingCall() {
    return this.calls.find(isInboundRinging) || null;
  }

  /** While updates are not flowing a ring may long be over: its card says so, and no banner claims it rings. */
  get ringingBanner() {
    return this.isStale ? null : this.ringingCall;
  }

  /** Streaming is down (reconnecting or stopped): the open calls shown may be out of date. */
  get isStale() {
    return this.connection.state === 'reconnecting' || this.connection.state === 'error';
  }

  get isIdle() {
    return this.calls.length === 0;
  }

  get readyFlag() {
    return String(this.ready);
  }
}
