import { LightningElement, api } from 'lwc';
import {
  PRIVATE_NUMBER,
  RESULT_LABELS,
  dialableNumberOf,
  formatDuration,
  formatNumber,
  formatWhen,
  isPrivateNumber,
  otherPartyName
} from 'c/callFormat';

const FILTERS = [
  { value: 'today', label: 'Today' },
  { value: 'missed', label: 'Missed' },
  { value: 'all', label: 'All' }
];
const EMPTY = { today: 'No calls today.', missed: 'No missed calls.', all: 'No calls yet.' };
const NO_RECORDING = {};
const NO_QUERY = { search: '', fromDay: '', toDay: '' };
const RECORD_TYPES = [
  ['contactId', 'Contact'],
  ['leadId', 'Lead'],
  ['accountId', 'Account']
];

/** The record a row opens (the matched caller, else the record the call was placed from) and its kind. */
function recordOf(call) {
  const found = RECORD_TYPES.find(([field]) => call[field]);
  if (found) return { id: call[found[0]], kind: found[1] };
  return call.relatedRecordId ? { id: call.relatedRecordId, kind: 'record' } : null;
}

/**
 * The agent's past calls. Fires `filterchange` `{ filter }`, `querychange` `{ search, fromDay, toDay }`,
 * `loadmore`, `shownew`, `callback` `{ number, callDataId }`, `editwrapup` `{ callDataId }`,
 * `openrecord` `{ recordId }`; a row's recording player fires `loadrecording` (bubbles).
 * The list changes only when the agent asks (a filter, a search, Load more, or "Show" on the new-calls notice),
 * never under them while they read it.
 */
export default class CallHistory extends LightningElement {
  static renderMode = 'light';

  @api calls = [];
  @api filter = 'today';
  @api hasMore = false;
  @api loading = false;
  /** Recording state by CallData id: `{ url, loading, error }`. */
  @api recordings = {};
  @api now = 0;
  /** The search and day range in force: `{ search, fromDay, toDay }`. */
  @api query = NO_QUERY;
  /** Calls that ended since the list was loaded (shown on "Show"). */
  @api newCalls = 0;

  get searchText() {
    return (this.query && this.query.search) || '';
  }

  get fromDay() {
    return (this.query && this.query.fromDay) || '';
  }

  get toDay() {
    return (this.query && this.query.toDay) || '';
  }

  get isSearching() {
    return Boolean(this.searchText || this.fromDay || this.toDay);
  }

  get newCallsText() {
    return this.newCalls === 1 ? '1 new call' : `${this.newCalls} new calls`;
  }

  get filters() {
    return FILTERS.map((f) => ({
      ...f,
      dataId: `history-filter-${f.value}`,
      pressed: f.value === this.filter ? 'true' : 'false',
      className: `slds-button ${f.value === this.filter ? 'slds-button_brand' : 'slds-button_neutral'}`
    }));
  }

  get rows() {
    const now = this.now || Date.now();
    return (this.calls || []).map((call) => {
      const isPrivate = isPrivateNumber(call);
      const number = isPrivate ? PRIVATE_NUMBER : formatNumber(call.externalNumber);
      const party = otherPartyName(call);
      const live = call.status && call.status !== 'Ended';
      const record = recordOf(call);
      const recordName = call.matchedName || '';
      return {
        ...call,
        displayNumber: number,
        name: call.matchedName || (party === PRIVATE_NUMBER ? '' : party),
        when: formatWhen(call.ringStartedAt, now),
        resultLabel: RESULT_LABELS[call.result] || call.result || '',
        resultClass: call.result === 'Missed' ? 'slds-text-color_error' : '',
        duration: call.talkSeconds ? formatDuration(call.talkSeconds) : '',
        live,
        // A live call is the one the agent is on: no call-back to the person on the line.
        canCallBack: Boolean(dialableNumberOf(call)) && !live,
        canWrapUp: !live && Boolean(call.answeredAt || call.direction === 'Outbound'),
        wrapUpLabel: call.wrapUpCode || call.notes ? 'Edit wrap-up' : 'Wrap up',
        wrapUpAriaLabel: `${call.wrapUpCode || call.notes ? 'Edit the wrap-up' : 'Wrap up'} of the call with ${number}`,
        callbackLabel: `Call back ${number}`,
        record,
        // A link names what it opens (ux-walk #37): "Open Jane Doe (Contact)".
        openRecordLabel: record ? `Open ${recordName || number} (${record.kind})` : '',
        openRecordText: recordName || `Open ${record ? record.kind : ''}`,
        recordingLabel: `call with ${number}`,
        recording: (this.recordings && this.recordings[call.id]) || NO_RECORDING
      };
    });
  }

  get isEmpty() {
    return !this.loading && !(this.calls && this.calls.length);
  }

  get emptyText() {
    if (this.isSearching) return 'No calls match this search.';
    return EMPTY[this.filter] || EMPTY.all;
  }

  get loadMoreLabel() {
    return this.loading ? 'Loading…' : 'Load more';
  }

  handleFilter(event) {
    const filter = event.currentTarget.dataset.filter;
    if (filter !== this.filter) this.dispatchEvent(new CustomEvent('filterchange', { detail: { filter } }));
  }

  handleSearch(event) {
    event.preventDefault();
    const value = (id) => {
      const input = this.querySelector(`[data-id="${id}"]`);
      return input ? input.value.trim() : '';
    };
    const detail = { search: value('history-search'), fromDay: value('history-from'), toDay: value('history-to') };
    this.dispatchEvent(new CustomEvent('querychange', { detail }));
  }

  handleClearSearch() {
    this.dispatchEvent(new CustomEvent('querychange', { detail: { ...NO_QUERY } }));
  }

  handleShowNew() {
    this.dispatchEvent(new CustomEvent('shownew'));
  }

  handleOpenRecord(event) {
    const recordId = event.currentTarget.dataset.recordId;
    if (recordId) this.dispatchEvent(new CustomEvent('openrecord', { detail: { recordId } }));
  }

  handleLoadMore() {
    this.dispatchEvent(new CustomEvent('loadmore'));
  }

  handleEditWrapUp(event) {
    const callDataId = event.currentTarget.dataset.callId;
    this.dispatchEvent(new CustomEvent('editwrapup', { detail: { callDataId } }));
  }

  handleCallback(event) {
    const call = this.calls.find((c) => c.id === event.currentTarget.dataset.callId);
    if (!call) return;
    const detail = {
      number: call.externalNumber,
      callDataId: call.id,
      name: call.matchedName || null,
      recordId: call.contactId || call.leadId || call.accountId || null
    };
    this.dispatchEvent(new CustomEvent('callback', { detail }));
  }
}
