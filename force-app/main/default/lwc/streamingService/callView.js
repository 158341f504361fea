// PushTopic `sobject` → the `callView` shape of softphoneContract.json, so events and remoting
// results look the same to the app. Only the fields present in the event are set, so merging an
// event into a known call keeps what the event does not carry (matchedName, notes).

const FIELDS = {
  Id: 'id',
  OwnerId: 'ownerId',
  CallId__c: 'callId',
  InteractionId__c: 'interactionId',
  Direction__c: 'direction',
  Status__c: 'status',
  Result__c: 'result',
  ExternalNumber__c: 'externalNumber',
  FromNumber__c: 'fromNumber',
  FromName__c: 'fromName',
  ToNumber__c: 'toNumber',
  ToName__c: 'toName',
  RingStartedAt__c: 'ringStartedAt',
  AnsweredAt__c: 'answeredAt',
  EndedAt__c: 'endedAt',
  TalkSeconds__c: 'talkSeconds',
  HoldSeconds__c: 'holdSeconds',
  DurationSeconds__c: 'durationSeconds',
  HasRecording__c: 'hasRecording',
  Contact__c: 'contactId',
  Lead__c: 'leadId',
  Account__c: 'accountId',
  RelatedRecordId__c: 'relatedRecordId',
  WrapUpCode__c: 'wrapUpCode',
  TaskId__c: 'taskId',
  // Strictly increasing per record: which of two deliveries of one record (PushTopic, ringing channel) is newer.
  LastEventSeq__c: 'lastEventSeq'
};

export function toCallView(sobject, namespace) {
  const prefix = namespace ? `${namespace}__` : '';
  const view = {};
  for (const [field, key] of Object.entries(FIELDS)) {
    const name = field.endsWith('__c') ? `${prefix}${field}` : field;
    if (Object.prototype.hasOwnProperty.call(sobject, name)) view[key] = sobject[name];
  }
  return view;
}
