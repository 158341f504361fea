import { LightningElement, api } from 'lwc';
import { formatWhen } from 'c/callFormat';

/**
 * The missed calls still waiting for the agent, newest first. Fires `callback` with
 * `{ number, callDataId, name, recordId }` (as History does) and `dismiss` with `{ callDataId }`.
 */
export default class MissedCalls extends LightningElement {
  static renderMode = 'light';

  @api calls = [];
  @api now = 0;

  get heading() {
    return this.calls.length === 1 ? '1 missed call' : `${this.calls.length} missed calls`;
  }

  get rows() {
    return this.calls.map((call) => ({
      ...call,
      who: call.name && call.name !== call.numberLabel ? `${call.name} · ${call.numberLabel}` : call.numberLabel,
      when: formatWhen(call.endedAt, this.now || Date.now()),
      callbackLabel: `Call back ${call.name || call.numberLabel}`,
      dismissLabel: `Dismiss the missed call from ${call.name || call.numberLabel}`
    }));
  }

  entry(event) {
    return this.calls.find((c) => c.id === event.currentTarget.dataset.callId);
  }

  handleCallback(event) {
    const call = this.entry(event);
    if (!call || !call.number) return;
    const detail = { number: call.number, callDataId: call.id, name: call.name || null, recordId: call.recordId };
    this.dispatchEvent(new CustomEvent('callback', { detail }));
  }

  handleDismiss(event) {
    const call = this.entry(event);
    if (call) this.dispatchEvent(new CustomEvent('dismiss', { detail: { callDataId: call.id } }));
  }
}
