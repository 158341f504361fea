import { z } from 'zod';

/** A Salesforce record id: 15 (case-sensitive) or 18 (case-insensitive) alphanumeric characters. */
export const SALESFORCE_ID = z
  .string()
  .regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'Expected a 15- or 18-character Salesforce record id');

/** A Salesforce User id: a record id with the User key prefix 005. */
export const SALESFORCE_USER_ID = SALESFORCE_ID.regex(/^005/, 'Expected a Salesforce User id (starting with 005)');
