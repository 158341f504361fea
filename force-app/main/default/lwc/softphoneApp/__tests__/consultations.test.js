import { readFileSync } from 'fs';
import { join } from 'path';
import {
  NO_CONSULTATION_TEXT,
  consultationsOf,
  isNoConsultation,
  withConsultation,
  withConsultations,
  withoutConsultation
} from '../consultations';

const contract = JSON.parse(readFileSync(join(__dirname, '../../../staticresources/softphoneContract.json'), 'utf8'));
const CALL = { id: 'a01000000000001AAA', interactionId: 'int-1', status: 'Connected' };
const OTHER = { id: 'a01000000000002AAA', interactionId: 'int-2', status: 'Connected' };

describe('consultations', () => {
  it('names a colleague with their extension, and a number as the card formats numbers', () => {
    const both = withConsultation(withConsultation({}, CALL, '1002', 'Bob Builder'), OTHER, '+14155550199', '');

    expect(withConsultations([CALL, OTHER], both).map((c) => c.consultation.label)).toEqual([
      'Bob Builder (1002)',
      '+1 415 555 0199'
    ]);
  });

  it('is keyed by the interaction id: another record of the same call shows it too', () => {
    const consultations = withConsultation({}, CALL, '1002', 'Bob Builder');
    const reloadedRecord = { ...CALL, id: 'a01000000000009AAA' };

    expect(withConsultations([reloadedRecord], consultations)[0].consultation.target).toBe('1002');
  });

  it('ends with the call: ended ones go, and open calls without one are left alone', () => {
    const consultations = withConsultation(withConsultation({}, CALL, '1002', 'Bob'), OTHER, '1003', 'Carol');

    expect(Object.keys(consultationsOf(consultations, [OTHER]))).toEqual(['int-2']);
    expect(Object.keys(withoutConsultation(consultations, CALL))).toEqual(['int-2']);
    expect(withoutConsultation({}, CALL)).toEqual({});
  });

  it('recognises the contract’s "no consultation" refusal, and only that one', () => {
    expect(contract.errors.examples).toContain(NO_CONSULTATION_TEXT);
    expect(isNoConsultation(new Error(NO_CONSULTATION_TEXT))).toBe(true);
    expect(isNoConsultation(new Error('This call has already ended.'))).toBe(false);
  });
});
