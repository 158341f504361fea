// How the package's pieces fit together: the Call Center's two forms agree, every call field has a
// permission in every permission set, agents may only edit wrap-up fields, and the supervisor
// reports filter what their names promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { repoRoot } from './helpers/run-checker.mjs';

const packageDir = join(repoRoot, 'force-app/main/default');
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['sections', 'items', 'section', 'item', 'fieldPermissions', 'criteriaItems'].includes(name)
});
const read = (...parts) => parser.parse(readFileSync(join(...parts), 'utf8'));
const callFields = readdirSync(join(packageDir, 'objects/CallData__c/fields')).map((f) => f.split('.')[0]);
const permissionSet = (name) => read(packageDir, 'permissionsets', `${name}.permissionset-meta.xml`).PermissionSet;
const report = (name) => read(packageDir, 'reports/Telephony_Reports', `${name}.report-meta.xml`).Report;

test('the Call Center metadata and its import file define the same softphone', () => {
  const metadata = read(repoRoot, 'unpackaged/main/default/callCenters/KazooSoftphone.callCenter-meta.xml').CallCenter;
  const imported = read(repoRoot, 'config/callcenter/KazooSoftphone.xml').callCenter;
  const fromMetadata = Object.fromEntries(metadata.sections.flatMap((s) => s.items.map((i) => [i.name, i.value])));
  const fromImport = Object.fromEntries(imported.section.flatMap((s) => s.item.map((i) => [i['@_name'], i['#text']])));
  for (const [name, value] of Object.entries(fromMetadata)) assert.equal(fromImport[name], value, name);
  assert.equal(metadata.adapterUrl, '/apex/Softphone', 'the softphone page is the adapter URL');
  assert.equal(fromMetadata.reqSalesforceCompatibilityMode, 'Lightning', 'the softphone appears in Lightning');
  assert.equal(fromMetadata.defaultRegion, 'US', 'package settings are in the kazooSettings section');
});

test('every call field has a permission in every permission set', () => {
  for (const name of ['Softphone_Agent', 'Telephony_Admin', 'Telephony_Integration']) {
    const granted = permissionSet(name).fieldPermissions.map((p) => p.field);
    for (const field of callFields) assert.ok(granted.includes(`CallData__c.${field}`), `${name} covers ${field}`);
  }
});

test('agents read every call field but edit only their wrap-up and the caller they picked', () => {
  const editable = permissionSet('Softphone_Agent')
    .fieldPermissions.filter((p) => p.field.startsWith('CallData__c.') && p.editable === 'true')
    .map((p) => p.field.split('.')[1]);
  assert.deepEqual(editable.sort(), [
    'Account__c',
    'CalledBack__c',
    'Contact__c',
    'Lead__c',
    'Notes__c',
    'TaskId__c',
    'WrapUpCode__c'
  ]);
});

test('the supervisor reports filter what their names promise', () => {
  const criteria = (name) => report(name).filter.criteriaItems.map((c) => `${c.column} ${c.operator} ${c.value}`);
  assert.deepEqual(criteria('Missed_Calls_To_Call_Back'), [
    'CallData__c$Direction__c equals Inbound',
    'CallData__c$Result__c equals Missed',
    'CallData__c$CalledBack__c equals 0'
  ]);
  assert.deepEqual(criteria('Unassigned_Missed_Calls'), [
    'CallData__c$Result__c equals Missed',
    'CallData__c$CallId__c contains :unassigned'
  ]);
  const byAgent = report('Calls_By_Agent_This_Week');
  assert.equal(byAgent.groupingsDown.field, 'CallData__c$Owner', 'one group per agent');
  assert.equal(byAgent.timeFrameFilter.interval, 'INTERVAL_THISWEEK');
  const summed = [byAgent.columns]
    .flat()
    .filter((c) => c.aggregateTypes === 'Sum')
    .map((c) => c.field);
  assert.deepEqual(summed, [
    'CallData__c$AnsweredCount__c',
    'CallData__c$MissedCount__c',
    'CallData__c$TalkSeconds__c'
  ]);
});

test('the console app opens the softphone in its utility bar and lists the setup page', () => {
  const app = read(packageDir, 'applications/Kazoo_Telephony.app-meta.xml').CustomApplication;
  assert.equal(app.navType, 'Console');
  const bar = read(packageDir, 'flexipages', `${app.utilityBar}.flexipage-meta.xml`).FlexiPage;
  assert.equal(bar.type, 'UtilityBar', 'the app names a utility bar page');
  const items = [bar.flexiPageRegions].flat().flatMap((r) => [r.itemInstances ?? []].flat());
  assert.ok(
    items.some((i) => i.componentInstance.componentName === 'opencti:softPhone'),
    'the Open CTI softphone is a utility item'
  );
  const tabs = [app.tabs].flat();
  assert.ok(tabs.includes('Telephony_Admin_Setup'), 'the setup page is a tab of the app');
  for (const tab of tabs.filter((t) => !t.startsWith('standard-'))) {
    assert.ok(existsSync(join(packageDir, 'tabs', `${tab}.tab-meta.xml`)), `tab ${tab} is in the package`);
  }
  for (const name of ['Softphone_Agent', 'Telephony_Admin']) {
    const visible = [permissionSet(name).applicationVisibilities].flat().map((v) => v?.application);
    assert.ok(visible.includes('Kazoo_Telephony'), `${name} sees the app`);
  }
});

test('the static resources are publicly cacheable (no per-user copies of public JavaScript)', () => {
  const dir = join(packageDir, 'staticresources');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.resource-meta.xml'))) {
    assert.equal(read(dir, file).StaticResource.cacheControl, 'Public', file);
  }
});

test('agents may use the Streaming API and their credential; Task call fields are granted where Tasks are written', () => {
  const agent = permissionSet('Softphone_Agent');
  const enabled = [agent.userPermissions]
    .flat()
    .filter((p) => p.enabled === 'true')
    .map((p) => p.name);
  assert.ok(enabled.includes('ApiEnabled'), 'the Streaming API handshake needs API Enabled');
  for (const name of ['Softphone_Agent', 'Telephony_Admin']) {
    const objects = [permissionSet(name).objectPermissions].flat();
    const credentials = objects.find((o) => o.object === 'UserExternalCredential');
    assert.equal(credentials?.allowRead, 'true', `${name} reads User External Credentials (callouts)`);
  }
  for (const name of ['Softphone_Agent', 'Telephony_Integration']) {
    const granted = permissionSet(name)
      .fieldPermissions.filter((p) => p.editable === 'true')
      .map((p) => p.field);
    for (const field of ['CallType', 'CallDurationInSeconds', 'CallObject', 'CallDisposition', 'Description']) {
      assert.ok(granted.includes(`Task.${field}`), `${name} writes Task.${field} (CallTaskLogger, user mode)`);
    }
  }
});
