import { LightningElement, api } from 'lwc';
import { formatNumber, numberOf } from 'c/callFormat';

/** What the Apex accepts as a transfer target (SoftphoneController.controlCall's DIALABLE). */
const DIALABLE = /^[0-9+()\s.-]{2,32}$/;

function messageOf(error) {
  return (error && error.message) || String(error || 'Something went wrong.');
}

/**
 * Where to transfer a call, and how: a colleague picked from the PBX member list (`apex.getColleagues`, filtered
 * by name or extension; picking one puts their extension in the number box) or any extension or number typed in,
 * then "Transfer now" (blind) or "Consult first" (attended: the agent talks to them before the caller does).
 * Fires `transfer` (`{ action: 'transfer' | 'consult', target, name }`, `name` the picked colleague's or '')
 * or `cancel`; Escape cancels, and focus starts in the filter.
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
  /** The colleague picked from the list, while the number box still holds their extension. */
  chosen = null;
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
      .map((c) => {
        const picked = Boolean(this.chosen && this.chosen.extension === c.extension);
        return {
          ...c,
          ariaLabel: `${c.name}, extension ${c.extension}`,
          pressed: String(picked),
          className: `slds-button softphone-transfer-colleague${picked ? ' softphone-transfer-colleague_chosen' : ''}`
        };
      });
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
    // A number typed over the picked colleague's extension is no longer that colleague.
    if (this.chosen && this.target.trim() !== this.chosen.extension) this.chosen = null;
  }

  /** Picking only chooses: the agent then says how (Transfer now or Consult first). */
  handleColleague(event) {
    const { extension } = event.currentTarget.dataset;
    this.chosen = this.colleagues.find((c) => c.extension === extension) || null;
    this.target = extension;
    this.problem = '';
  }

  /** Enter in the number box, or Transfer now. */
  handleSubmit(event) {
    event.preventDefault();
    this.send('transfer');
  }

  handleConsult() {
    this.send('consult');
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

  send(action) {
    const target = this.target.trim();
    if (!DIALABLE.test(target)) {
      this.problem = target
        ? 'Enter an extension or a phone number (digits, +, spaces or dashes).'
        : 'Pick a colleague or enter an extension or number.';
      const input = this.querySelector('[data-id="transfer-target"]');
      if (input) input.focus();
      return;
    }
    const name = this.chosen ? this.chosen.name : '';
    this.dispatchEvent(new CustomEvent('transfer', { detail: { action, target, name } }));
  }
}
