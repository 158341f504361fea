import { LightningElement, api } from 'lwc';
import { formatNumber } from 'c/callFormat';

/**
 * Disposition code and notes for an ended call. Fires `save` with `{ callDataId, wrapUpCode, notes }`
 * and `done`; the container saves and passes back `saving`, `saved` and `error`.
 */
export default class WrapUpForm extends LightningElement {
  static renderMode = 'light';

  @api codes = [];
  @api saving = false;
  @api saved = false;
  @api error = '';

  wrapUpCode = '';
  notes = '';
  _call = {};
  notesShownFor;

  @api
  get call() {
    return this._call;
  }
  set call(value) {
    const next = value || {};
    if (next.id !== this._call.id) {
      this.wrapUpCode = next.wrapUpCode || '';
      this.notes = next.notes || '';
    }
    this._call = next;
  }

  get displayNumber() {
    return formatNumber(this._call.externalNumber) || 'unknown number';
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

  /** A textarea takes no `value` attribute in a template, so the notes of a new call are put in here. */
  renderedCallback() {
    const textarea = this.querySelector('[data-id="wrapup-notes"]');
    if (textarea && this.notesShownFor !== this._call.id) {
      textarea.value = this.notes;
      this.notesShownFor = this._call.id;
    }
  }

  handleCode(event) {
    this.wrapUpCode = event.target.value;
  }

  handleNotes(event) {
    this.notes = event.target.value;
  }

  handleSubmit(event) {
    event.preventDefault();
    const detail = { callDataId: this._call.id, wrapUpCode: this.wrapUpCode || null, notes: this.notes };
    this.dispatchEvent(new CustomEvent('save', { detail }));
  }

  handleDone() {
    this.dispatchEvent(new CustomEvent('done', { detail: { callDataId: this._call.id } }));
  }
}
