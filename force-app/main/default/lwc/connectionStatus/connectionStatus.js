import { LightningElement, api } from 'lwc';

/** Ends of the session the agent fixes by reloading: an expired or refused login (streamingService fatalReason). */
const SIGNED_OUT = /^(401::|403::Handshake denied)/;

/**
 * Whether call updates are flowing, in the agent's words: "Ready" (idle) or "Live" (on a call) while they
 * flow, "Reconnecting…" while they do not, and what to do when they stopped for good. The protocol text
 * (`403::Unknown client`) is only in the Details line, for the admin the agent may tell.
 */
export default class ConnectionStatus extends LightningElement {
  static renderMode = 'light';

  @api state = 'connecting';
  @api reason = '';
  /** No open call: "Ready" rather than "Live". */
  @api idle = false;

  get label() {
    switch (this.state) {
      case 'connected':
        return this.idle ? 'Ready' : 'Live';
      case 'reconnecting':
        return 'Reconnecting…';
      case 'error':
        return SIGNED_OUT.test(this.reason || '') ? 'Signed out — reload the page' : 'Disconnected — reload the page';
      case 'connecting':
        return 'Connecting…';
      default:
        return this.state;
    }
  }

  get className() {
    return `softphone-connection softphone-connection_${this.state}`;
  }
}
