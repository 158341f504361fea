/**
 * The package namespace as it shows in a managed install. Salesforce names every custom object and field of a
 * namespaced package `ns__Name__c` on the wire: PushTopic queries must be written that way (the package's
 * PushTopicInstaller.withNamespace prefixes every `Name__c`, force-app/main/default/classes/PushTopicInstaller.cls),
 * and Streaming API events carry the query's field names as written (Streaming API "PushTopic Events").
 * The stand-in keeps its store un-namespaced and translates at these edges only; its REST API stays
 * un-namespaced because the adapter does not yet write namespaced names.
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
