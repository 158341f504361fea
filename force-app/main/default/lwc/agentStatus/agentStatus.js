import { LightningElement, api } from 'lwc';

/** The statuses the adapter maps onto Kazoo: DND on the user document, plus presence (README "Call control"). */
const STATUSES = [
  { value: 'Available', label: 'Available', hint: '' },
  { value: 'DoNotDisturb', label: 'Do not disturb', hint: 'Your phones do not ring' },
  { value: 'Away', label: 'Away', hint: 'Away: your phones do not ring' }
];

function messageOf(error) {
  return (error && error.message) || String(error || 'Something went wrong.');
}

/**
 * The agent's status menu in the softphone header (`apex` = c/apexService). It reads the PBX on load and on
 * `refresh()` (the container calls it on reconnect), so do-not-disturb set with the desk phone's feature code
 * shows here too. The PBX keeps one flag for DND and Away, so it reads back as Do not disturb unless Away was
 * chosen here.
 */
export default class AgentStatus extends LightningElement {
  static renderMode = 'light';

  @api apex;

  status = null;
  /** The PBX was asked at least once (the placeholder says Unknown instead of Checking…). */
  checked = false;
  saving = false;
  error = '';

  connectedCallback() {
    this.refresh();
  }

  /** Re-reads the status from the PBX (never while a change is being saved). */
  @api
  async refresh() {
    if (!this.apex || this.saving) return;
    try {
      this.show(await this.apex.getAgentStatus());
      this.error = '';
    } catch (error) {
      this.error = `Your status could not be read from the PBX. ${messageOf(error)}`;
    } finally {
      this.checked = true;
    }
  }

  async handleChange(event) {
    const wanted = event.target.value;
    // The Checking…/Unknown placeholder is not a status to set.
    if (!STATUSES.some((s) => s.value === wanted)) return;
    const before = this.status;
    this.status = wanted;
    this.saving = true;
    this.error = '';
    try {
      this.show(await this.apex.setAgentStatus(wanted), wanted);
    } catch (error) {
      this.status = before;
      this.error = `Your status is still ${this.labelOf(before)}: the PBX did not take the change. ${messageOf(error)}`;
    } finally {
      this.saving = false;
    }
  }

  /** `chosen`: what the agent just picked (the answer cannot tell Away from Do not disturb). */
  show(answer, chosen) {
    if (!answer) return;
    const away = chosen === 'Away' || (this.status === 'Away' && chosen === undefined);
    if (answer.doNotDisturb) this.status = away ? 'Away' : 'DoNotDisturb';
    else this.status = 'Available';
  }

  labelOf(value) {
    const known = STATUSES.find((s) => s.value === value);
    return known ? known.label : 'unknown';
  }

  get options() {
    const options = STATUSES.map((s) => ({ ...s, selected: s.value === this.status }));
    if (this.status) return options;
    const label = this.checked ? 'Unknown' : 'Checking…';
    return [{ value: '', label, hint: '', selected: true }, ...options];
  }

  get hint() {
    if (this.saving) return 'Saving your status…';
    const known = STATUSES.find((s) => s.value === this.status);
    return known ? known.hint : '';
  }

  get statusFlag() {
    return this.status || 'unknown';
  }
}
