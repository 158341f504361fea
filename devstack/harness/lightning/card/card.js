// Harness stand-in for lightning-card: SLDS card markup with the public API the repository's pages use
// (title or a title slot, icon-name, the actions and footer slots; Component Reference "lightning-card").
import { LightningElement, api } from 'lwc';

export default class Card extends LightningElement {
  @api title;
  @api iconName;
  @api variant;
}
