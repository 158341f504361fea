// Who the other party of a call is, from what a CallData__c record carries.

/** What the adapter stores as the name of a caller who withheld the number. */
export const PRIVATE_NUMBER = 'Private number';

// Caller id values that mean "withheld" (SIP `anonymous`, carriers' `private`/`restricted`/`unavailable`)
// and the all-zero placeholders some carriers send (0000000000, +10000000000).
const WITHHELD = /^(anonymous|private|restricted|unavailable|unknown|withheld)$/i;
const ALL_ZEROS = /^\+?1?0{5,}$/;

/** The other party's number: ExternalNumber__c, else the far end by direction. */
export function numberOf(call) {
  if (!call) return '';
  return call.externalNumber || (call.direction === 'Outbound' ? call.toNumber : call.fromNumber) || '';
}

/** A withheld or missing number: nothing to search, nothing to call back. */
export function isPrivateNumber(call) {
  const number = numberOf(call);
  const name = call && (call.direction === 'Outbound' ? call.toName : call.fromName);
  return !number.trim() || WITHHELD.test(number.trim()) || ALL_ZEROS.test(number.trim()) || name === PRIVATE_NUMBER;
}

/** The number to search for and call back, or null when the caller withheld it. */
export function dialableNumberOf(call) {
  return isPrivateNumber(call) ? null : numberOf(call);
}

/**
 * The other party's name: the end of the call whose number is the external number (so an internal call
 * shows the colleague, never the agent), else by direction.
 */
export function otherPartyName(call) {
  if (!call) return '';
  if (call.externalNumber && call.fromNumber === call.externalNumber) return call.fromName || '';
  if (call.externalNumber && call.toNumber === call.externalNumber) return call.toName || '';
  return (call.direction === 'Outbound' ? call.toName : call.fromName) || '';
}

/** Ringing towards the agent: an inbound call, or an internal call from a colleague. */
export function isIncoming(call) {
  if (call.direction === 'Inbound') return true;
  return call.direction === 'Internal' && Boolean(call.fromNumber) && call.fromNumber === call.externalNumber;
}
