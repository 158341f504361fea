/**
 * PushTopic semantics: which record changes a topic notifies (operations, NotifyForFields,
 * WHERE), what its event carries (only the SELECT fields), and which filters a subscription may use.
 */
import type { Query } from '@jetstreamapp/soql-parser-js';
import type { RecordChange } from './record-writer.ts';
import { wireName, withoutNamespace } from './namespace.ts';
import { parseSoql } from './soql.ts';
import { compileWhere, whereFields } from './soql-where.ts';
import type { SObjectRecord } from './store.ts';

export interface TopicDefinition {
  name: string;
  sobject: string;
  selectFields: string[];
  whereFieldNames: string[];
  notifyForFields: string;
  onCreate: boolean;
  onUpdate: boolean;
  /** The package namespace the stored query is written with ('' when none). */
  namespace: string;
  matchesWhere(record: Record<string, unknown>): boolean;
}

const cache = new Map<string, { query: Query; selectFields: string[]; whereFieldNames: string[] }>();

function parsed(soql: string) {
  let entry = cache.get(soql);
  if (!entry) {
    const query = parseSoql(soql);
    const selectFields = (query.fields ?? []).flatMap((f) => (f.type === 'Field' ? [f.field] : []));
    entry = { query, selectFields, whereFieldNames: whereFields(query.where) };
    cache.set(soql, entry);
  }
  return entry;
}

/** Reads a PushTopic record (as stored, namespaced when `namespace` is set) into its definition. */
export function topicFromRecord(record: SObjectRecord, now: () => number, namespace = ''): TopicDefinition {
  const { query, selectFields, whereFieldNames } = parsed(withoutNamespace(String(record.Query), namespace));
  const read = (r: Record<string, unknown>, field: string) => r[field];
  return {
    name: String(record.Name),
    sobject: query.sObject ?? '',
    selectFields,
    whereFieldNames,
    notifyForFields: typeof record.NotifyForFields === 'string' ? record.NotifyForFields : 'Referenced',
    onCreate: record.NotifyForOperationCreate !== false,
    onUpdate: record.NotifyForOperationUpdate !== false,
    namespace,
    matchesWhere: (r) => compileWhere(query.where, read, now())(r)
  };
}

/** True when this change produces an event on the topic. */
export function topicNotifies(topic: TopicDefinition, change: RecordChange): boolean {
  if (change.sobject !== topic.sobject || !topic.matchesWhere(change.after)) return false;
  if (change.type === 'created') return topic.onCreate;
  if (!topic.onUpdate) return false;
  const watched =
    topic.notifyForFields === 'All'
      ? null
      : topic.notifyForFields === 'Select'
        ? topic.selectFields
        : topic.notifyForFields === 'Where'
          ? topic.whereFieldNames
          : [...topic.selectFields, ...topic.whereFieldNames];
  const relevant = change.changedFields.filter((f) => !['LastModifiedDate', 'SystemModstamp'].includes(f));
  return watched === null ? relevant.length > 0 : relevant.some((f) => watched.includes(f) && f !== 'Id');
}

/** The event's `sobject`: the topic's SELECT fields only, named as the query names them. */
export function topicPayload(topic: TopicDefinition, record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(topic.selectFields.map((f) => [wireName(f, topic.namespace), record[f] ?? null]));
}

export interface SubscriptionFilter {
  field: string;
  value: string;
}

/**
 * Parses `/topic/Name?field='value'&field2=value2` (`&` means OR). Returns an error text in
 * Salesforce's words when the channel or a filter field is not allowed.
 */
export function parseTopicChannel(
  channel: string,
  findTopic: (name: string) => TopicDefinition | undefined
): { topic: TopicDefinition; filters: SubscriptionFilter[] } | { error: string } {
  if (!channel) return { error: '400::Channel name not specified' };
  if (!channel.startsWith('/')) return { error: "400::Channel subscriptions must start with a leading '/'" };
  const [path = '', queryString] = channel.split('?', 2);
  const match = /^\/topic\/([^/?]+)$/.exec(path);
  const topic = match?.[1] ? findTopic(match[1]) : undefined;
  if (!topic) return { error: `400::The channel you requested to subscribe to doesn’t exist {${channel}}` };
  if (queryString === undefined) return { topic, filters: [] };
  const filters: SubscriptionFilter[] = [];
  const unknown: string[] = [];
  for (const pair of queryString.split('&')) {
    const [rawField = '', ...rest] = pair.split('=');
    const field = topic.selectFields.find((f) => f.toLowerCase() === rawField.trim().toLowerCase());
    if (!field) {
      unknown.push(rawField.trim());
      continue;
    }
    const value = decodeURIComponent(rest.join('=').trim()).replace(/^'(.*)'$/, '$1');
    if ((field.endsWith('Id') || /^(Contact|Lead|Account)__c$/.test(field)) && /^[a-zA-Z0-9]{15}$/.test(value)) {
      return { error: `400::Invalid filter value for ${field}: IDs in filters must be 18 characters {${value}}` };
    }
    filters.push({ field, value });
  }
  if (unknown.length > 0)
    return { error: `400::Query fields {${unknown.join(', ')}} do not exist on the topic entity` };
  return { topic, filters };
}

/** `&` between filters is OR: one matching pair is enough. */
export function filtersMatch(filters: SubscriptionFilter[], record: Record<string, unknown>): boolean {
  if (filters.length === 0) return true;
  return filters.some((f) => {
    const value = record[f.field];
    if (typeof value === 'boolean' || typeof value === 'number') return String(value) === f.value;
    return typeof value === 'string' && value === f.value;
  });
}
