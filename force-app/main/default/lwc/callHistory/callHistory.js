import { LightningElement, api } from 'lwc';
import { RESULT_LABELS, formatDuration, formatNumber, formatWhen } from 'c/callFormat';

const FILTERS = [
  { value: 'today', label: 'Today' },
  { value: 'missed', label: 'Missed' },
  { value: 'all', label: 'All' }
];
const EMPTY = { today: 'No calls today.', missed: 'No missed calls.', all: 'No calls yet.' };
const NO_RECORDING = {};

/**
 * The agent's past calls. Fires `filterchange` `{ filter }`, `loadmore`, `callback` `{ number, callDataId }`;
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
      const number = formatNumber(call.externalNumber) || 'Unknown number';
      return {
        ...call,
        displayNumber: number,
        name: call.matchedName || (call.direction === 'Inbound' ? call.fromName : call.toName) || '',
        when: formatWhen(call.ringStartedAt, now),
        resultLabel: RESULT_LABELS[call.result] || call.result || '',
        resultClass: call.result === 'Missed' ? 'slds-text-color_error' : '',
        duration: call.talkSeconds ? formatDuration(call.talkSeconds) : '',
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

  handleCallback(event) {
    const call = this.calls.find((c) => c.id === event.currentTarget.dataset.callId);
    if (!call) return;
    this.dispatchEvent(new CustomEvent('callback', { detail: { number: call.externalNumber, callDataId: call.id } }));
  }
}
