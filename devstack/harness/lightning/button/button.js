// Harness stand-in for lightning-button: an SLDS button whose native click reaches the host's onclick (a click is
// composed), with label, variant, title, disabled, name and value (Component Reference "lightning-button").
import { LightningElement, api } from 'lwc';

const VARIANTS = new Set([
  'base',
  'neutral',
  'brand',
  'brand-outline',
  'destructive',
  'destructive-text',
  'inverse',
  'success'
]);

export default class Button extends LightningElement {
  @api label;
  @api title;
  @api name;
  @api value;
  @api type = 'button';
  @api variant = 'neutral';
  @api disabled = false;

  get buttonType() {
    return ['submit', 'reset'].includes(this.type) ? this.type : 'button';
  }

  get buttonClass() {
    const variant = VARIANTS.has(this.variant) ? this.variant : 'neutral';
    return variant === 'base' ? 'slds-button' : `slds-button slds-button_${variant}`;
  }
}
