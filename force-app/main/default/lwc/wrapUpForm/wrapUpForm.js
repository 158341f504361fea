import { LightningElement, api } from 'lwc';
import { PRIVATE_NUMBER, formatNumber, isPrivateNumber, otherPartyName } from 'c/callFormat';

/**
 * Disposition code and notes for an ended call. The container keeps the draft (so it survives another call
 * ending, a reload, and the call's later events): the form shows `wrapUpCode` and `notes`, fires `draft`
 * on every change, `save` with `{ callDataId, wrapUpCode, notes }` and `done`; `saving`, `saved` and `error`
 * come back from the container.
 */
export default class WrapUpForm extends LightningElement {
  static renderMode = 'light';

  @api call = {};
  @api codes = [];
  @api wrapUpCode = '';
  @api notes = '';
  @api saving = false;
  @api saved = false;
  @api error = '';

  get callId() {
    return (this.call && this.call.id) || '';
  }

  get title() {
    const call = this.call || {};
    const party = otherPartyName(call);
    const who = call.matchedName || (party === PRIVATE_NUMBER ? '' : party);
    const number = isPrivateNumber(call) ? PRIVATE_NUMBER : formatNumber(call.externalNumber);
    return who ? `Wrap up the call with ${who} (${number})` : `Wrap up the call with ${number}`;
  }

  get noCode() {
    return !this.wrapUpCode;
  }

  get options() {
    return (this.codes || []).map((code) => ({ ...code, selected: code.value === this.wrapUpCode }));
  }

  get saveLabel() {
    return this.saving ? 'Saving…' : 'Save';
  }

  get ids() {
    const id = this.callId;
    return { code: `softphone-wrapup-code-${id}`, notes: `softphone-wrapup-notes-${id}` };
  }

  /** A textarea takes no `value` attribute in a template: the draft is put in here (never while it matches). */
  renderedCallback() {
    const textarea = this.querySelector('[data-id="wrapup-notes"]');
    if (textarea && textarea.value !== (this.notes || '')) textarea.value = this.notes || '';
  }

  fireDraft(change) {
    const detail = { callDataId: this.callId, wrapUpCode: this.wrapUpCode || '', notes: this.notes || '', ...change };
    this.dispatchEvent(new CustomEvent('draft', { detail }));
  }

  handleCode(event) {
    this.fireDraft({ wrapUpCode: event.target.value });
  }

  handleNotes(event) {
    this.fireDraft({ notes: event.target.value });
  }

  handleSubmit(event) {
    event.preventDefault();
    // What the agent sees is what is saved, even if the container has not echoed the last keystroke yet.
    const textarea = this.querySelector('[data-id="wrapup-notes"]');
    const select = this.querySelector('[data-id="wrapup-code"]');
    const notes = textarea ? textarea.value : this.notes || '';
    const detail = { callDataId: this.callId, wrapUpCode: (select && select.value) || null, notes };
    this.dispatchEvent(new CustomEvent('save', { detail }));
  }

  handleDone() {
    this.dispatchEvent(new CustomEvent('done', { detail: { callDataId: this.callId } }));
  }
}
