/**
 * The names the adapter writes and reads in the org. A managed (namespaced) install names the package's object and
 * fields `ns__CallData__c`, `ns__CallId__c`, `User.ns__PbxUserId__c`, and a client outside the package must use those
 * names in the REST API (ISVforce Guide "Namespace Prefix"). The adapter keeps the bare names everywhere inside and
 * translates here, at the Salesforce edge only, from the tenant's `salesforce.namespace` (none by default: an
 * unpackaged deploy). Every `__c` name the adapter uses belongs to the package (it reads no subscriber fields).
 */
const CUSTOM_NAME = /\b([A-Za-z][A-Za-z0-9_]*__[cr])\b/g;
const isCustom = (name: string) => /__[cr]$/.test(name);

export interface PackageNames {
  readonly namespace: string;
  /** `CallData__c` → `ns__CallData__c`; a standard name is unchanged. */
  name(name: string): string;
  /** Every custom name in a SOQL/SOSL text (quoted literals untouched). */
  query(text: string): string;
  /** A record to write: its custom keys namespaced. */
  toOrg<T extends object>(record: T): Record<string, unknown>;
  /** A record read from the org: its custom keys back to the bare names. */
  fromOrg<T>(record: Record<string, unknown>): T;
}

export function packageNames(namespace = ''): PackageNames {
  const prefix = namespace ? `${namespace}__` : '';
  const name = (n: string) => (prefix && isCustom(n) && !n.startsWith(prefix) ? `${prefix}${n}` : n);
  const bare = (n: string) => (prefix && n.startsWith(prefix) ? n.slice(prefix.length) : n);
  return {
    namespace,
    name,
    query: (text) =>
      prefix
        ? text
            .split(/('(?:[^'\\]|\\.)*')/)
            .map((part, i) => (i % 2 === 1 ? part : part.replace(CUSTOM_NAME, (n) => name(n))))
            .join('')
        : text,
    toOrg: (record) =>
      Object.fromEntries(
        Object.entries(record).map(([k, v]) => {
          if (k === 'attributes' && v && typeof v === 'object') {
            const type = (v as { type?: string }).type;
            return [k, { ...v, ...(type && { type: name(type) }) }];
          }
          return [name(k), v];
        })
      ),
    fromOrg: <T>(record: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(record).map(([k, v]) => [bare(k), v])) as T
  };
}

/** The un-namespaced names (an unpackaged deploy, and the default). */
export const UNPACKAGED = packageNames('');
