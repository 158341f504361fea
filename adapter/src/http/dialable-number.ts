import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { FEATURE_CODE } from '../pbx/pbx-provider.ts';

/** Characters people type between digits; stripped before checking. */
const FORMATTING = /[\s\-().]/g;
/** Internal extensions: short digit strings dialled as they are. */
const EXTENSION = /^\d{2,6}$/;
/** National numbers when the tenant has no default country: digits only, as long as E.164 allows. */
const NATIONAL_DIGITS = /^\d{7,15}$/;

export type DialableNumber = { ok: true; number: string } | { ok: false; message: string };

/**
 * What the agent clicked or typed → what the PBX dials: E.164 for phone numbers (checked with
 * libphonenumber for a possible length in its country), extensions as they are, and feature codes
 * (`*97`) when the PBX runs them. Anything else (letters, too short or too long) is refused before
 * the PBX rings the agent's phone.
 */
export function toDialableNumber(
  input: string,
  defaultCountry?: string,
  options: { featureCodes?: boolean } = {}
): DialableNumber {
  const compact = input.trim().replace(FORMATTING, '');
  const refusal = { ok: false as const, message: `'${input}' is not a phone number or extension that can be dialled.` };
  if (/^[*#]/.test(compact)) {
    if (!options.featureCodes)
      return { ok: false, message: `'${input}' is a feature code, and this PBX does not dial feature codes.` };
    return FEATURE_CODE.test(compact) ? { ok: true, number: compact } : refusal;
  }
  if (compact.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(compact);
    return parsed?.isPossible() ? { ok: true, number: parsed.number } : refusal;
  }
  if (EXTENSION.test(compact)) return { ok: true, number: compact };
  if (defaultCountry && isSupportedCountry(defaultCountry)) {
    const parsed = parsePhoneNumberFromString(compact, defaultCountry);
    return parsed?.isPossible() ? { ok: true, number: parsed.number } : refusal;
  }
  return NATIONAL_DIGITS.test(compact) ? { ok: true, number: compact } : refusal;
}
