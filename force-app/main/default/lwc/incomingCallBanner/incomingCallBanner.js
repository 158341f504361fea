import { LightningElement, api } from 'lwc';
import { formatNumber } from 'c/callFormat';

/** The ringing inbound call: who is calling, before the agent answers on the phone. */
export default class IncomingCallBanner extends LightningElement {
  static renderMode = 'light';

  @api call = {};

  get displayNumber() {
    return formatNumber(this.call.externalNumber || this.call.fromNumber) || 'Unknown number';
  }

  get name() {
    return this.call.matchedName || this.call.fromName || 'Unknown caller';
  }
}
