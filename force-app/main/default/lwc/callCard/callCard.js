import { LightningElement, api } from 'lwc';
import { RESULT_LABELS, elapsedSeconds, formatDuration, formatNumber } from 'c/callFormat';

const STATUS_LABELS = { Ringing: 'Ringing', Connected: 'Connected', OnHold: 'On hold', Ended: 'Ended' };

/** One call: who, which way, its state and a timer that ticks with `now`. Fires `openrecord`. */
export default class CallCard extends LightningElement {
  static renderMode = 'light';

  @api call = {};
  /** Milliseconds since the epoch; the container ticks it once a second. */
  @api now = 0;

  get directionLabel() {
    return this.call.direction || 'Call';
  }

  get displayNumber() {
    return formatNumber(this.call.externalNumber) || 'Unknown number';
  }

  get matchedRecordId() {
    return this.call.contactId || this.call.leadId || this.call.accountId || this.call.pickedRecordId || null;
  }

  get matchedName() {
    return this.call.matchedName || 'Open record';
  }

  get partyName() {
    return this.call.direction === 'Inbound' ? this.call.fromName : this.call.toName;
  }

  /** Kazoo quickcall rings the agent's own phone first; the customer is dialled once they answer it. */
  get awaitingAgentPhone() {
    const c = this.call;
    return Boolean(c.dialledHere && c.direction === 'Outbound' && c.status === 'Ringing' && !c.answeredAt);
  }

  get statusLabel() {
    return STATUS_LABELS[this.call.status] || this.call.status || '';
  }

  get statusClass() {
    return `slds-badge softphone-status softphone-status_${(this.call.status || 'unknown').toLowerCase()}`;
  }

  get resultLabel() {
    return RESULT_LABELS[this.call.result] || this.call.result || '';
  }

  get timer() {
    return formatDuration(elapsedSeconds(this.call, this.now || Date.now()));
  }

  get timerLabel() {
    return `${this.call.answeredAt ? 'Talk time' : 'Ringing for'} ${this.timer}`;
  }

  get ariaLabel() {
    return `${this.directionLabel} call ${this.displayNumber}, ${this.statusLabel}`;
  }

  handleOpenRecord() {
    this.dispatchEvent(new CustomEvent('openrecord', { detail: { recordId: this.matchedRecordId } }));
  }
}
