import { LightningElement, api } from 'lwc';
import { formatNumber } from 'c/callFormat';

/** Several records matched the caller: the agent picks the right one. Fires `select` and `dismiss`. */
export default class MatchPicker extends LightningElement {
  static renderMode = 'light';

  @api matches = [];
  @api number = '';

  get displayNumber() {
    return formatNumber(this.number);
  }

  handleSelect(event) {
    const recordId = event.currentTarget.dataset.recordId;
    this.dispatchEvent(new CustomEvent('select', { detail: { recordId } }));
  }

  handleDismiss() {
    this.dispatchEvent(new CustomEvent('dismiss'));
  }
}
