// Harness stand-in for lightning-input (text types): a labelled SLDS input that fires `change` with
// `detail.value` on every keystroke, bubbling and composed, and keeps `value` current; variant="label-hidden"
// keeps the label for assistive technology only (Component Reference "lightning-input").
import { LightningElement, api } from 'lwc';

export default class Input extends LightningElement {
  @api label;
  @api name;
  @api variant = 'standard';
  @api type = 'text';
  @api maxLength;
  @api placeholder;
  @api disabled = false;
  @api required = false;
  fieldValue = '';

  @api
  get value() {
    return this.fieldValue;
  }
  set value(next) {
    this.fieldValue = next == null ? '' : String(next);
  }

  get inputType() {
    return ['text', 'tel', 'email', 'search', 'url', 'number', 'password'].includes(this.type) ? this.type : 'text';
  }

  get labelClass() {
    return this.variant === 'label-hidden' ? 'slds-assistive-text' : 'slds-form-element__label';
  }

  handleInput(event) {
    event.stopPropagation();
    this.fieldValue = event.target.value;
    this.dispatchEvent(
      new CustomEvent('change', { bubbles: true, composed: true, detail: { value: this.fieldValue } })
    );
  }

  // The native change (on blur) has no detail; only the component's own change event may reach the page.
  stopNativeChange(event) {
    event.stopPropagation();
  }
}
