/**
 * The package namespace as it shows in a managed install. Salesforce names every custom object and field of a
 * namespaced package `ns__Name__c` on the wire: PushTopic queries must be written that way (the package's
 * PushTopicInstaller.withNamespace prefixes every `Name__c`, force-app/main/default/classes/PushTopicInstaller.cls),
 * and Streaming API events carry the query's field names as written (Streaming API "PushTopic Events").
 * The stand-in keeps its store un-namespaced and translates at these edges only: the PushTopic, its events and the
 * REST API (wireNames, below).
 */
const CUSTOM_NAME = /\b([A-Za-z][A-Za-z0-9_]*__c)\b/g;

/** PushTopicInstaller.withNamespace: prefixes every custom object and field name in a query. */
export function withNamespace(query: string, namespace: string): string {
  return namespace ? query.replace(CUSTOM_NAME, `${namespace}__$1`) : query;
}

/** The inverse, for a stored query: the names the stand-in's store uses. */
export function withoutNamespace(query: string, namespace: string): string {
  return namespace ? query.split(`${namespace}__`).join('') : query;
}

/** A custom field's name on the wire. */
export function wireName(field: string, namespace: string): string {
  return namespace && field.endsWith('__c') ? `${namespace}__${field}` : field;
}

const CUSTOM_WIRE_NAME = /\b([A-Za-z][A-Za-z0-9_]*__[cr])\b/g;
const isCustom = (name: string) => /__[cr]$/.test(name);

/**
 * The REST API of a namespaced install. A client outside the package names the package's objects and fields with
 * the prefix (`ns__CallData__c`, `User.ns__PbxUserId__c`); the bare name is not the package's component (it would be
 * a subscriber's own field), so the org answers as for any unknown name: INVALID_FIELD in SOQL and in a record body,
 * NOT_FOUND for an sObject in the URL (ISVforce Guide "Namespace Prefix"; REST API Developer Guide "Status Codes and
 * Error Responses"). Every custom name the stand-in stores belongs to the package, so the translation is by suffix.
 * With no namespace every function returns its input.
 */
export interface WireNames {
  /** A name from the wire → the store's name; a bare custom name throws `unknown(name)`. */
  toStore(name: string, unknown: (name: string) => Error): string;
  /** A stored name → its name on the wire. */
  toWire(name: string): string;
  /** A SOQL/SOSL text with wire names → store names (quoted literals untouched). */
  queryToStore(text: string, unknown: (name: string) => Error): string;
  /** A record body from the wire (keys) → store keys. */
  recordToStore(record: Record<string, unknown>, unknown: (name: string) => Error): Record<string, unknown>;
  /** A stored record (keys, attributes.type, nested relationship records) → wire names. */
  recordToWire<T>(record: T): T;
}

export function wireNames(namespace: string): WireNames {
  const prefix = `${namespace}__`;
  const toStore = (name: string, unknown: (name: string) => Error) => {
    if (!namespace || !isCustom(name)) return name;
    if (!name.startsWith(prefix)) throw unknown(name);
    return name.slice(prefix.length);
  };
  const toWire = (name: string) => (namespace && isCustom(name) ? `${prefix}${name}` : name);
  const recordToWire = (value: unknown): unknown => {
    if (!namespace || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(recordToWire);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
        if (key === 'attributes' && inner && typeof inner === 'object') {
          const attributes = inner as { type?: string };
          return [key, { ...attributes, ...(attributes.type && { type: toWire(attributes.type) }) }];
        }
        return [toWire(key), recordToWire(inner)];
      })
    );
  };
  return {
    toStore,
    toWire,
    queryToStore: (text, unknown) =>
      namespace
        ? text
            .split(/('(?:[^'\\]|\\.)*')/)
            .map((part, i) => (i % 2 === 1 ? part : part.replace(CUSTOM_WIRE_NAME, (name) => toStore(name, unknown))))
            .join('')
        : text,
    recordToStore: (record, unknown) =>
      namespace ? Object.fromEntries(Object.entries(record).map(([k, v]) => [toStore(k, unknown), v])) : record,
    recordToWire: <T>(record: T) => recordToWire(record) as T
  };
}
