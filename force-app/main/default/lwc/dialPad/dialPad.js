import { LightningElement, api } from 'lwc';
import { cleanDialTyping, dialRefusal, normalizeDialInput } from 'c/callFormat';

const KEYS = [
  ['1', '1'],
  ['2', '2'],
  ['3', '3'],
  ['4', '4'],
  ['5', '5'],
  ['6', '6'],
  ['7', '7'],
  ['8', '8'],
  ['9', '9'],
  ['star', '*'],
  ['0', '0'],
  ['hash', '#'],
  ['plus', '+']
].map(([name, value]) => ({ id: `dial-key-${name}`, value, label: `Key ${value}` }));

/**
 * Number entry with a keypad. Fires `dial` with `{ number }` (only `+` and digits, vanity letters converted;
 * or a feature code such as `*97` as typed).
 * `disabled` (a dial in flight) disables Call and Enter.
 */
export default class DialPad extends LightningElement {
  static renderMode = 'light';

  @api disabled = false;
  keys = KEYS;
  typed = '';
  error = '';

  /** Lets the container put a number in (click-to-dial from a record). */
  @api
  get number() {
    return this.typed;
  }
  set number(text) {
    this.typed = cleanDialTyping(text);
  }

  get invalid() {
    return this.error ? 'true' : 'false';
  }

  handleInput(event) {
    this.typed = cleanDialTyping(event.target.value);
    this.error = '';
  }

  handleKey(event) {
    this.typed = cleanDialTyping(this.typed + event.currentTarget.dataset.key);
    this.error = '';
  }

  handleBackspace() {
    this.typed = this.typed.slice(0, -1);
  }

  handleSubmit(event) {
    event.preventDefault();
    if (this.disabled) return;
    const number = normalizeDialInput(this.typed);
    if (!number) {
      this.error = /[A-Za-z]/.test(this.typed)
        ? dialRefusal(this.typed)
        : 'Enter a phone number: digits, with + for international, or a feature code such as *97 (2 to 32 characters).';
      return;
    }
    this.error = '';
    this.dispatchEvent(new CustomEvent('dial', { detail: { number } }));
  }
}
