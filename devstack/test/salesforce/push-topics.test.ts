// PushTopic channel parsing and notification rules (pure): which filtered channels are accepted,
// with Salesforce's 400 texts for the others, and which record changes notify (NotifyForFields Referenced).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadContract } from '../../salesforce/call-view.ts';
import { filtersMatch, parseTopicChannel, topicFromRecord, topicNotifies } from '../../salesforce/push-topics.ts';

const spec = loadContract().pushTopic;
const topic = topicFromRecord(
  { Id: '0IFDn0000000001AAA', Name: spec.name, Query: spec.query, NotifyForFields: 'Referenced' },
  () => Date.now()
);
const find = (name: string) => (name === spec.name ? topic : undefined);
const OWNER = '005Sd000QLqFaxxIYC';

describe('PushTopic channels', () => {
  it('accepts an 18-character OwnerId filter, quoted or not, and treats & as OR', () => {
    const parsed = parseTopicChannel(`/topic/CallDataUpdates?OwnerId='${OWNER}'&Status__c=Ringing`, find);
    assert.ok('filters' in parsed);
    assert.deepEqual(parsed.filters, [
      { field: 'OwnerId', value: OWNER },
      { field: 'Status__c', value: 'Ringing' }
    ]);
    assert.equal(filtersMatch(parsed.filters, { OwnerId: 'someone else', Status__c: 'Ringing' }), true);
    assert.equal(filtersMatch(parsed.filters, { OwnerId: 'someone else', Status__c: 'Ended' }), false);
  });

  it("refuses what Salesforce refuses, in Salesforce's words", () => {
    const error = (channel: string) => (parseTopicChannel(channel, find) as { error?: string }).error;
    assert.equal(error('/topic/Nope'), '400::The channel you requested to subscribe to doesn’t exist {/topic/Nope}');
    assert.equal(
      error("/topic/CallDataUpdates?Notes__c='x'"),
      '400::Query fields {Notes__c} do not exist on the topic entity'
    );
    assert.equal(error('topic/CallDataUpdates'), "400::Channel subscriptions must start with a leading '/'");
    assert.equal(error(''), '400::Channel name not specified');
    assert.match(error(`/topic/CallDataUpdates?OwnerId='${OWNER.slice(0, 15)}'`) ?? '', /18 characters/);
  });

  it('notifies on create and on updates of referenced fields only', () => {
    const after = { Id: 'a00Dn0000000001IAA', Status__c: 'Ended' };
    const change = (changedFields: string[], type: 'created' | 'updated' = 'updated') => ({
      sobject: 'CallData__c',
      type,
      before: null,
      after,
      changedFields
    });
    assert.equal(topicNotifies(topic, change(['Status__c'], 'created')), true);
    assert.equal(topicNotifies(topic, change(['Status__c', 'LastModifiedDate'])), true);
    assert.equal(topicNotifies(topic, change(['Notes__c', 'LastModifiedDate'])), false);
  });
});
