import { LightningElement, api } from 'lwc';
import { formatNumber, numberOf } from 'c/callFormat';

/** What the Apex accepts as a transfer target (SoftphoneController.controlCall's DIALABLE). */
const DIALABLE = /^[0-9+()\s.-]{2,32}$/;

function messageOf(error) {
  return (error && error.message) || String(error || 'Something went wrong.');
}

/**
 * Where to blind-transfer a call: a colleague from the PBX member list (`apex.getColleagues`), filtered by
 * name or extension, or any extension or number typed in. Fires `transfer` (`{ target }`) or `cancel`;
 * Escape cancels, and focus starts in the filter.
 */
export default class TransferDialog extends LightningElement {
  static renderMode = 'light';

  @api call = {};
  @api apex;

  colleagues = [];
  loading = true;
  loadError = '';
  filter = '';
  target = '';
  problem = '';
  focused = false;

  connectedCallback() {
    this.load();
  }

  renderedCallback() {
    if (this.focused) return;
    const input = this.querySelector('[data-id="transfer-filter"]');
    if (input) {
      input.focus();
      this.focused = true;
    }
  }

  async load() {
    try {
      const colleagues = await this.apex.getColleagues();
      this.colleagues = Array.isArray(colleagues) ? colleagues : [];
    } catch (error) {
      this.loadError = `The colleague list could not be loaded: ${messageOf(error)} You can still type an extension or number.`;
    } finally {
      this.loading = false;
    }
  }

  get callLabel() {
    return formatNumber(numberOf(this.call)) || 'the call';
  }

  get shownColleagues() {
    const words = this.filter.trim().toLowerCase();
    return this.colleagues
      .filter((c) => !words || `${c.name} ${c.extension}`.toLowerCase().includes(words))
      .map((c) => ({ ...c, ariaLabel: `Transfer to ${c.name}, extension ${c.extension}` }));
  }

  get noMatch() {
    return !this.loading && this.colleagues.length > 0 && this.shownColleagues.length === 0;
  }

  handleFilter(event) {
    this.filter = event.target.value;
  }

  handleTarget(event) {
    this.target = event.target.value;
    this.problem = '';
  }

  handleColleague(event) {
    this.send(event.currentTarget.dataset.extension);
  }

  handleSubmit(event) {
    event.preventDefault();
    const target = this.target.trim();
    if (!DIALABLE.test(target)) {
      this.problem = 'Enter an extension or a phone number (digits, +, spaces or dashes).';
      const input = this.querySelector('[data-id="transfer-target"]');
      if (input) input.focus();
      return;
    }
    this.send(target);
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }

  /** Escape closes; Tab and Shift+Tab wrap inside the dialog (WAI-ARIA APG modal dialog). */
  handleKeyDown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.handleCancel();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...this.querySelectorAll('input, button')].filter((el) => !el.disabled);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  send(target) {
    this.dispatchEvent(new CustomEvent('transfer', { detail: { target } }));
  }
}
