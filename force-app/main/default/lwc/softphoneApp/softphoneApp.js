import { LightningElement, api } from 'lwc';
import { CALL_TYPE, OPEN_CTI_UNAVAILABLE } from 'c/openCtiService';
import { formatNumber, normalizeDialInput, withDefaultRegion } from 'c/callFormat';
import {
  DEFAULT_SETTINGS,
  errorText,
  isInboundRinging,
  mergeCall,
  needsWrapUp,
  panelState,
  readSettings,
  sortCalls,
  withHistoryPage,
  withLinkedCaller
} from './callState';
import { withClosed, withDraft, withEndedCall, withEntry, withReopened, fromStored, toStored } from './wrapUpQueue';
import { createMemoryStore } from 'c/localStore';

const TICK_MS = 1000;

/**
 * The container: owns the open calls, wrap-up, history and errors, and wires the services
 * (`services = { openCti, streaming, apex }`, see softphone/main.js) to the child components.
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
  matchChoice = null;
  /** `{ pending: [{ id, call, wrapUpCode, notes, saving, saved, error }], closed: [callId] }` (wrapUpQueue.js). */
  wrapUps = { pending: [], closed: [] };
  wrapUpCodes = [];
  history = { filter: 'today', calls: [], hasMore: false, nextBefore: null, loading: false, loaded: false };
  recordings = {};
  now = Date.now();
  settings = DEFAULT_SETTINGS;

  popped = new Set();
  lastPanel = '';
  ticker = null;

  connectedCallback() {
    const { openCti, streaming } = this.services;
    this.store = this.services.storage || createMemoryStore();
    this.wrapUps = fromStored(this.store.load('wrapUps'));
    if (this.wrapUps.pending.length) this.loadWrapUpCodes();
    this.startOpenCti(openCti);
    streaming.onStatus((status) => {
      this.connection = status;
    });
    streaming.onCall((call) => this.applyCall(call));
    streaming.onReconnect(() => this.loadOpenCalls());
    streaming.start();
    this.loadOpenCalls();
  }

  disconnectedCallback() {
    this.stopTicker();
    this.services.streaming.stop();
  }

  startOpenCti(openCti) {
    if (!openCti.available) {
      this.notice = OPEN_CTI_UNAVAILABLE;
      return;
    }
    this.report(openCti.notifyInitializationComplete());
    this.report(openCti.getCallCenterSettings()).then((settings) => {
      if (settings) this.settings = readSettings(settings);
    });
    this.report(openCti.enableClickToDial());
    this.report(
      openCti.onClickToDial((payload) => {
        this.dialNumber = payload.number;
        this.placeCall(payload.number, payload.recordId);
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
    const known = new Map(this.calls.map((c) => [c.id, c]));
    this.calls = sortCalls(open.map((call) => mergeCall(known.get(call.id), call)));
    this.calls.filter(isInboundRinging).forEach((call) => this.announceRing(call));
    this.afterCallsChanged();
  }

  applyCall(update) {
    const known = this.calls.find((c) => c.id === update.id);
    const call = mergeCall(known, update);
    if (call.status === 'Ended') {
      this.calls = this.calls.filter((c) => c.id !== call.id);
      this.popped.delete(call.id);
      if (this.matchChoice && this.matchChoice.callId === call.id) this.matchChoice = null;
      if (needsWrapUp(call)) this.queueWrapUp(call);
      this.history = { ...this.history, loaded: false };
      if (this.tab === 'history') this.loadHistory(true);
    } else {
      this.calls = sortCalls([...this.calls.filter((c) => c.id !== call.id), call]);
      if (isInboundRinging(call)) this.announceRing(call);
      if (call.direction === 'Outbound') this.dialStatus = '';
    }
    this.afterCallsChanged();
  }

  /** Inbound ring: show the panel and pop the caller's record once per call. */
  async announceRing(call) {
    const { openCti } = this.services;
    if (this.popped.has(call.id) || !openCti.available) return;
    this.popped.add(call.id);
    this.report(openCti.showPanel());
    const found = await this.report(openCti.searchAndScreenPop(call.externalNumber, CALL_TYPE.INBOUND));
    if (!found || !this.calls.some((c) => c.id === call.id)) return;
    if (found.matches.length > 1) {
      this.matchChoice = { callId: call.id, number: call.externalNumber, matches: found.matches };
    } else if (found.matches.length === 1) {
      // A streamed ring carries at most the matched record's id, never its name: the search just told us both.
      // The adapter already stored a single match on the record, so there is nothing to save here.
      const [match] = found.matches;
      this.updateCall(call.id, (c) => ({
        ...c,
        pickedRecordId: c.pickedRecordId || match.id,
        matchedName: c.matchedName || match.name
      }));
    }
  }

  afterCallsChanged() {
    const { label, icon } = panelState(this.calls);
    if (this.services.openCti.available && label !== this.lastPanel) {
      this.lastPanel = label;
      this.report(this.services.openCti.setPanelState(label, icon));
    }
    this.now = Date.now();
    if (this.calls.length) this.startTicker();
    else this.stopTicker();
  }

  startTicker() {
    if (this.ticker) return;
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

  /** Dials through the PBX; the related record is the click-to-dial record or the page the agent is on. */
  async placeCall(number, relatedRecordId) {
    const normalized = normalizeDialInput(number);
    if (!normalized) {
      this.error = `Cannot dial "${number}": use digits, with + for international numbers.`;
      return;
    }
    const dialled = withDefaultRegion(normalized, this.settings.defaultRegion);
    let recordId = relatedRecordId || null;
    const { openCti, apex } = this.services;
    if (!recordId && openCti.available) {
      const view = await this.report(openCti.getAppViewInfo());
      recordId = (view && view.recordId) || null;
    }
    this.dialStatus = `Calling ${formatNumber(dialled)}…`;
    this.tab = 'phone';
    const queued = await this.report(apex.dial(dialled, recordId));
    if (!queued) this.dialStatus = '';
  }

  handleDial(event) {
    this.placeCall(event.detail.number, null);
  }

  handleCallback(event) {
    this.placeCall(event.detail.number, event.detail.callDataId);
  }

  // ----- records -----

  handleOpenRecord(event) {
    this.report(this.services.openCti.screenPop(event.detail.recordId));
  }

  /** The picked record is popped at once and saved on the call (`linkCaller`), so it also lands on the call Task. */
  async handleMatchSelect(event) {
    const { recordId } = event.detail;
    const { callId, matches } = this.matchChoice;
    const name = (matches.find((m) => m.id === recordId) || {}).name;
    this.updateCall(callId, (c) => ({ ...c, pickedRecordId: recordId, matchedName: name || c.matchedName }));
    this.matchChoice = null;
    this.report(this.services.openCti.screenPop(recordId));
    const saved = await this.report(this.services.apex.linkCaller(callId, recordId));
    if (saved) this.updateCall(callId, (c) => withLinkedCaller(c, saved));
  }

  updateCall(callId, change) {
    this.calls = this.calls.map((c) => (c.id === callId ? change(c) : c));
  }

  handleMatchDismiss() {
    this.matchChoice = null;
  }

  // ----- wrap-up -----

  setWrapUps(next) {
    this.wrapUps = next;
    this.store.save('wrapUps', toStored(next));
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

  get pendingWrapUps() {
    return this.wrapUps.pending;
  }

  // ----- history -----

  async loadHistory(reset) {
    const before = reset ? null : this.history.nextBefore;
    this.history = { ...this.history, loading: true };
    const page = await this.report(
      this.services.apex.getHistory(this.settings.historyPageSize, before, this.history.filter)
    );
    this.history = withHistoryPage(this.history, page, reset);
  }

  handleFilterChange(event) {
    this.history = { ...this.history, filter: event.detail.filter, calls: [] };
    this.loadHistory(true);
  }

  handleLoadMore() {
    this.loadHistory(false);
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
    return ['phone', 'history'].map((name) => ({
      name,
      label: name === 'phone' ? 'Phone' : 'History',
      dataId: `tab-${name}`,
      selected: String(this.tab === name),
      className: `slds-tabs_default__item${this.tab === name ? ' slds-is-active' : ''}`
    }));
  }

  get ringingCall() {
    return this.calls.find(isInboundRinging) || null;
  }

  get readyFlag() {
    return String(this.ready);
  }
}
