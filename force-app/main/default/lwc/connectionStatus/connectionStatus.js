import { LightningElement, api } from 'lwc';

const LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  error: 'Disconnected'
};

/** Shows whether call updates are flowing, and why not when they are not. */
export default class ConnectionStatus extends LightningElement {
  static renderMode = 'light';

  @api state = 'connecting';
  @api reason = '';

  get label() {
    return LABELS[this.state] || this.state;
  }

  get className() {
    return `softphone-connection softphone-connection_${this.state}`;
  }
}
