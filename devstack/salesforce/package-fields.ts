/**
 * The package's custom fields as the stand-in validates them, read once at start from the force-app metadata
 * (objects/<Object>/fields/*.field-meta.xml), so a value that is too long, of the wrong type or not in a
 * restricted picklist is refused locally exactly as the org refuses it (STRING_TOO_LONG, INVALID_TYPE_ON_FIELD_IN_RECORD,
 * INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST). Field sizes and types: Salesforce Help "Custom Field Types"
 * (Text holds <length>, Phone 40, Text Area 255, Long Text Area <length>); a formula field is read-only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FieldDef, ObjectDef } from './schema.ts';

interface FieldXml {
  fullName?: string;
  type?: string;
  length?: number;
  formula?: string;
  externalId?: boolean | string;
  unique?: boolean | string;
  referenceTo?: string;
  valueSet?: { valueSetName?: string; valueSetDefinition?: { value?: { fullName: string }[] } };
}

const PHONE_LENGTH = 40;
const TEXT_AREA_LENGTH = 255;
const yes = (value: unknown) => value === true || value === 'true';

function fieldDef(field: FieldXml): FieldDef | null {
  if (field.formula !== undefined) return { type: 'double', readOnly: true };
  const flags = { ...(yes(field.externalId) && { externalId: true }), ...(yes(field.unique) && { unique: true }) };
  switch (field.type) {
    case 'Text':
      return { type: 'string', length: Number(field.length), ...flags };
    case 'Phone':
      return { type: 'phone', length: PHONE_LENGTH };
    case 'TextArea':
      return { type: 'textarea', length: TEXT_AREA_LENGTH };
    case 'LongTextArea':
      return { type: 'textarea', length: Number(field.length) };
    case 'Number':
      return { type: 'double' };
    case 'Checkbox':
      return { type: 'boolean' };
    case 'DateTime':
      return { type: 'datetime' };
    case 'Lookup':
      return { type: 'reference', referenceTo: [String(field.referenceTo)] };
    case 'Picklist': {
      const values = field.valueSet?.valueSetDefinition?.value?.map((v) => String(v.fullName));
      // A global value set (valueSetName) is read by the caller, which knows its active values.
      return values ? { type: 'picklist', values } : { type: 'picklist' };
    }
    default:
      return null;
  }
}

/** The custom fields of `sobject` in the package at `repoRoot`, keyed by API name. */
export function packageFields(repoRoot: string, sobject: string): ObjectDef {
  const dir = join(repoRoot, 'force-app/main/default/objects', sobject, 'fields');
  if (!existsSync(dir)) return {};
  const parser = new XMLParser({ isArray: (name) => name === 'value', parseTagValue: true });
  const fields: ObjectDef = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.field-meta.xml'))) {
    const xml = parser.parse(readFileSync(join(dir, file), 'utf8')) as { CustomField?: FieldXml };
    const def = xml.CustomField ? fieldDef(xml.CustomField) : null;
    if (def) fields[file.replace('.field-meta.xml', '')] = def;
  }
  return fields;
}
