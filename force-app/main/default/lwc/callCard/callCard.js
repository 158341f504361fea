import { LightningElement, api } from 'lwc';
import {
  PRIVATE_NUMBER,
  RESULT_LABELS,
  elapsedSeconds,
  formatDuration,
  formatNumber,
  isIncoming,
  isPrivateNumber,
  numberOf,
  otherPartyName
} from 'c/callFormat';

const STATUS_LABELS = { Ringing: 'Ringing', Connected: 'Connected', OnHold: 'On hold', Ended: 'Ended' };

/** The buttons of each call state (decline rings only towards the agent); the PBX does what README says. */
const CONTROLS = {
  decline: { label: 'Decline', pending: 'Declining…', brand: false },
  hold: { label: 'Hold', pending: 'Putting on hold…', brand: false },
  resume: { label: 'Resume', pending: 'Resuming…', brand: true },
  transfer: { label: 'Transfer', pending: 'Transferring…', brand: false },
  hangup: { label: 'Hang up', pending: 'Hanging up…', brand: false, destructive: true },
  consult: { label: 'Consult', pending: 'Starting the consultation…', brand: false },
  'complete-transfer': { label: 'Complete transfer', pending: 'Completing the transfer…', brand: true },
  'cancel-transfer': { label: 'Back to caller', pending: 'Going back to the caller…', brand: false }
};

const LIVE = new Set(['Connected', 'OnHold']);

function controlsFor(call) {
  if (call.status === 'Ringing') return isIncoming(call) ? ['decline'] : [];
  // No Hang up while consulting: on Kazoo, the agent hanging up completes the transfer, which a button named
  // "Hang up" would not say. Completing and going back are the two ways out.
  if (call.consultation && LIVE.has(call.status)) return ['complete-transfer', 'cancel-transfer'];
  if (call.status === 'Connected') return ['hold', 'transfer', 'hangup'];
  if (call.status === 'OnHold') return ['resume', 'transfer', 'hangup'];
  return [];
}

/**
 * One call: who, which way, its state, a timer that ticks with `now` (and a hold timer from `call.heldSince`),
 * and the controls of its state. Fires `openrecord`, `createcaller` and `callaction` (`{ callDataId, action }`);
 * while `call.pendingAction` is set every control waits. `call.consultation` (`{ label }`, set by the container
 * while the agent consults someone before transferring) shows who is being consulted and who waits on hold.
 */
export default class CallCard extends LightningElement {
  static renderMode = 'light';

  @api call = {};
  /** Milliseconds since the epoch; the container ticks it once a second. */
  @api now = 0;
  /** "New Lead" or "New Contact": offered for a caller no record matched (review #41). */
  @api newCallerLabel = 'New Lead';
  /** Call updates are not flowing (streaming down): what the card shows may have changed since. */
  @api stale = false;

  get staleFlag() {
    return String(Boolean(this.stale));
  }

  get directionLabel() {
    return this.call.direction || 'Call';
  }

  get displayNumber() {
    return isPrivateNumber(this.call) ? PRIVATE_NUMBER : formatNumber(numberOf(this.call));
  }

  get matchedRecordId() {
    return this.call.contactId || this.call.leadId || this.call.accountId || this.call.pickedRecordId || null;
  }

  /** The record's name once known; several matches wait for the agent's pick; never a bare "Open record". */
  get matchedName() {
    if (this.call.matchedName) return this.call.matchedName;
    if (this.call.matchCount > 1) return `${this.call.matchCount} possible callers: choose above`;
    return otherPartyName(this.call) || "Open the caller's record";
  }

  get openRecordLabel() {
    return `Open ${this.call.matchedName || "the caller's record"} in Salesforce`;
  }

  get partyName() {
    const name = otherPartyName(this.call);
    return name === PRIVATE_NUMBER ? '' : name;
  }

  /** Kazoo quickcall rings the agent's own phone first; the customer is dialled once they answer it. */
  get awaitingAgentPhone() {
    const c = this.call;
    return Boolean(c.dialledHere && c.direction === 'Outbound' && c.status === 'Ringing' && !c.answeredAt);
  }

  get statusLabel() {
    return STATUS_LABELS[this.call.status] || this.call.status || '';
  }

  get statusClass() {
    return `slds-badge softphone-status softphone-status_${(this.call.status || 'unknown').toLowerCase()}`;
  }

  get resultLabel() {
    return RESULT_LABELS[this.call.result] || this.call.result || '';
  }

  get timer() {
    return formatDuration(elapsedSeconds(this.call, this.now || Date.now()));
  }

  get timerLabel() {
    return `${this.call.answeredAt ? 'Talk time' : 'Ringing for'} ${this.timer}`;
  }

  get ariaLabel() {
    return `${this.directionLabel} call ${this.displayNumber}, ${this.statusLabel}`;
  }

  get canCreateCaller() {
    return Boolean(
      !this.call.provisional &&
      this.call.noMatch &&
      !this.matchedRecordId &&
      !isPrivateNumber(this.call) &&
      numberOf(this.call)
    );
  }

  get createCallerAriaLabel() {
    return `${this.newCallerLabel} for ${this.displayNumber}`;
  }

  handleCreateCaller() {
    this.dispatchEvent(new CustomEvent('createcaller', { detail: { callDataId: this.call.id } }));
  }

  handleOpenRecord() {
    this.dispatchEvent(new CustomEvent('openrecord', { detail: { recordId: this.matchedRecordId } }));
  }

  get onHold() {
    return this.call.status === 'OnHold';
  }

  get holdTimer() {
    const since = this.call.heldSince;
    const seconds = since ? Math.max(0, Math.floor(((this.now || Date.now()) - since) / 1000)) : 0;
    return formatDuration(seconds);
  }

  /** After a hold: how long the call was on hold in all (HoldSeconds__c counts the holds that ended). */
  get heldBefore() {
    const seconds = this.call.holdSeconds;
    if (this.onHold || !(seconds > 0) || this.call.status !== 'Connected') return '';
    return `Held ${formatDuration(seconds)}`;
  }

  get heldBeforeLabel() {
    return `On hold for ${formatDuration(this.call.holdSeconds || 0)} in all`;
  }

  get holdTimerLabel() {
    return `On hold for ${this.holdTimer}`;
  }

  get consulting() {
    return Boolean(this.call.consultation && LIVE.has(this.call.status));
  }

  get consultLabel() {
    return `Consulting ${this.call.consultation.label}`;
  }

  /** The caller is taken off the agent and hears the PBX's music while the agent talks to the target. */
  get waitingCallerLabel() {
    const caller = this.call.matchedName || this.partyName || this.displayNumber || 'The caller';
    return `${caller} is on music hold`;
  }

  get controls() {
    // Keyed by position, not action: Hold becomes Resume on the same button, so keyboard focus stays on it.
    return controlsFor(this.call).map((action, slot) => {
      const control = CONTROLS[action];
      const look = control.brand
        ? 'slds-button_brand'
        : control.destructive
          ? 'slds-button_destructive'
          : 'slds-button_neutral';
      return {
        slot: `slot-${slot}`,
        action,
        label: control.label,
        dataId: `call-${action}`,
        className: `slds-button ${look}`,
        title: this.titleOf(action)
      };
    });
  }

  /** What Complete transfer and Back to caller do, for whoever hovers or reads the button's description. */
  titleOf(action) {
    if (!this.consulting) return null;
    const who = this.call.consultation.label;
    if (action === 'complete-transfer') return `You leave the call; the caller is put through to ${who}`;
    if (action === 'cancel-transfer') return `Hang up on ${who} and talk to the caller again`;
    return null;
  }

  get hasControls() {
    return this.controls.length > 0;
  }

  get busy() {
    return Boolean(this.call.pendingAction);
  }

  /**
   * A call pushed by the adapter's ringing channel before the org stored it (`call.provisional`) has no record for
   * an action to name yet: its controls show, disabled, until the org's copy arrives (well under a second).
   */
  get controlsDisabled() {
    return this.busy || Boolean(this.call.provisional);
  }

  get pendingLabel() {
    const control = CONTROLS[this.call.pendingAction];
    return control ? control.pending : 'Working…';
  }

  get controlsLabel() {
    return `Call controls for ${this.displayNumber}`;
  }

  handleControl(event) {
    const { action } = event.currentTarget.dataset;
    if (this.controlsDisabled) return;
    this.dispatchEvent(new CustomEvent('callaction', { detail: { callDataId: this.call.id, action } }));
  }
}
