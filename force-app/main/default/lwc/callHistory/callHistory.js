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

/**
 * The agent's past calls. Fires `filterchange` `{ filter }`, `loadmore`, `callback` `{ number, callDataId }`,
 * `editwrapup` `{ callDataId }`;
 * a row's recording player fires `loadrecording` (bubbles).
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
        recordingLabel: `call with ${number}`,
        recording: (this.recordings && this.recordings[call.id]) || NO_RECORDING
      };
    });
  }

  get isEmpty() {
    return !this.loading && !(this.calls && this.calls.length);
  }

  get emptyText() {
    return EMPTY[this.filter] || EMPTY.all;
  }

  get loadMoreLabel() {
    return this.loading ? 'Loading…' : 'Load more';
  }

  handleFilter(event) {
    const filter = event.currentTarget.dataset.filter;
    if (filter !== this.filter) this.dispatchEvent(new CustomEvent('filterchange', { detail: { filter } }));
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
