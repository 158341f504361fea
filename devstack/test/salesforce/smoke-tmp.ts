import { startSalesforceStandIn } from '../../salesforce/index.ts';
import jsforce from 'jsforce';
const s = await startSalesforceStandIn();
const integ = s.userId('integration@kazoo-cti.example');
const conn = new jsforce.Connection({ instanceUrl: s.instanceUrl, accessToken: s.sessionFor(integ), version: '66.0' });
const alice = s.userId('alice@kazoo-cti.example');
const r1 = await conn.sobject('CallData__c').upsert({ CallId__c: 'i1:a', Status__c: 'Ringing', LastEventSeq__c: 1, OwnerId: alice, Direction__c: 'Inbound', InteractionId__c: 'i1', PbxAccountId__c: 'x', Source__c: 'kazoo', HasRecording__c: false }, 'CallId__c');
console.log(r1);
const r2 = await conn.sobject('CallData__c').upsert([{ CallId__c: 'i1:a', Status__c: 'Ended', LastEventSeq__c: 3 }, { CallId__c: 'i2:a', Status__c: 'Ringing', LastEventSeq__c: 1 }], 'CallId__c');
console.log(r2);
const q = await conn.query("SELECT Id, CallId__c, Status__c, TaskId__c, Owner.Name FROM CallData__c WHERE Status__c != 'Ringing' ORDER BY CallId__c");
console.log(JSON.stringify(q));
console.log(JSON.stringify(await conn.search("FIND {\\+13125550142} IN PHONE FIELDS RETURNING Contact(Id, Name), Lead(Id, Name), Account(Id, Name)")));
console.log(await conn.limits().then(l => l.DailyApiRequests));
try { await conn.sobject('CallData__c').upsert({ CallId__c: 'i3', Foo__c: 1 }, 'CallId__c'); } catch (e) { console.log((e as Error).name, (e as Error).message); }
try { await conn.sobject('CallData__c').upsert({ CallId__c: 'i3', Status__c: 'Nope' }, 'CallId__c'); } catch (e) { console.log((e as Error).name, (e as Error).message); }
try { await conn.query("SELEC Id"); } catch (e) { console.log((e as Error).name, (e as Error).message); }
console.log(s.publishes.length, s.counters.snapshot());
await s.stop();
