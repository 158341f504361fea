import { LightningElement, api } from 'lwc';
import { PRIVATE_NUMBER, formatNumber, isPrivateNumber, numberOf, otherPartyName } from 'c/callFormat';

/** The ringing inbound call: who is calling, before the agent answers on the phone. */
export default class IncomingCallBanner extends LightningElement {
  static renderMode = 'light';

  @api call = {};

  get displayNumber() {
    return isPrivateNumber(this.call) ? PRIVATE_NUMBER : formatNumber(numberOf(this.call));
  }

  /** One name for the caller: the record once matched, the choice still open, else the caller id name. */
  get name() {
    if (this.call.matchedName) return this.call.matchedName;
    if (this.call.matchCount > 1) return `${this.call.matchCount} possible callers`;
    const name = otherPartyName(this.call);
    return name && name !== PRIVATE_NUMBER ? name : 'Unknown caller';
  }
}
