import { LightningElement, api } from 'lwc';

/** What the agent reads when the audio element could not load its link (ux-walk #25: it showed a dead 0:00 player). */
export const LINK_FAILED = 'The recording link expired or was refused. Load it again to get a new one.';

/**
 * Plays a call recording. The signed URL is short-lived, so it is fetched only when the agent asks:
 * the player fires `loadrecording` with `{ callDataId }` and the container passes back `url` or `error`.
 * A link the media element cannot load (expired signature, 403) turns back into a button that fetches a new one.
 */
export default class RecordingPlayer extends LightningElement {
  static renderMode = 'light';

  @api callId;
  @api loading = false;
  @api error = '';
  @api label = 'call';

  /** The URL the audio element failed to load; a new URL (or none) clears it. */
  failedUrl = null;
  currentUrl;

  @api
  get url() {
    return this.currentUrl;
  }
  set url(value) {
    if (value !== this.currentUrl) this.failedUrl = null;
    this.currentUrl = value;
  }

  get playable() {
    return Boolean(this.currentUrl) && this.currentUrl !== this.failedUrl;
  }

  get loadLabel() {
    if (this.loading) return 'Loading recording…';
    return this.failedUrl ? 'Load the recording again' : 'Play recording';
  }

  get message() {
    return this.error || (this.failedUrl ? LINK_FAILED : '');
  }

  get audioLabel() {
    return `Recording of the ${this.label}`;
  }

  handleMediaError() {
    this.failedUrl = this.currentUrl;
  }

  handleLoad() {
    this.dispatchEvent(new CustomEvent('loadrecording', { detail: { callDataId: this.callId }, bubbles: true }));
  }
}
