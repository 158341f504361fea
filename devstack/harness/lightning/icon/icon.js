// Harness stand-in for lightning-icon: the SLDS sprites are not served locally, so the icon is a glyph with the
// same container classes, and alternative-text stays the accessible name (Component Reference "lightning-icon").
import { LightningElement, api } from 'lwc';

const GLYPHS = { success: '✓', warning: '!', error: '×', info: 'i', call_history: '☎', call: '☎' };

export default class Icon extends LightningElement {
  @api iconName;
  @api variant;
  @api size = 'medium';
  @api alternativeText;

  get name() {
    return String(this.iconName || '').split(':')[1] || '';
  }

  get glyph() {
    return GLYPHS[this.name] || '•';
  }

  get containerClass() {
    const category = String(this.iconName || '').split(':')[0] || 'utility';
    return `slds-icon_container slds-icon-${category}-${this.name.replace(/_/g, '-')}`;
  }

  get glyphClass() {
    const variant = this.variant ? ` slds-icon-text-${this.variant}` : '';
    return `harness-icon slds-icon_${this.size}${variant}`;
  }
}
