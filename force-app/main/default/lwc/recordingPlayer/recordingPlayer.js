import { LightningElement, api } from 'lwc';

/**
 * Plays a call recording. The signed URL is short-lived, so it is fetched only when the agent asks:
 * the player fires `loadrecording` with `{ callDataId }` and the container passes back `url` or `error`.
 */
export default class RecordingPlayer extends LightningElement {
  static renderMode = 'light';

  @api callId;
  @api url;
  @api loading = false;
  @api error = '';
  @api label = 'call';

  get loadLabel() {
    return this.loading ? 'Loading recording…' : 'Play recording';
  }

  get audioLabel() {
    return `Recording of the ${this.label}`;
  }

  handleLoad() {
    this.dispatchEvent(new CustomEvent('loadrecording', { detail: { callDataId: this.callId }, bubbles: true }));
  }
}
