import { readFileSync } from 'fs';
import { join } from 'path';
import { REMOTE_METHODS, createApexService, kebabMethodName } from 'c/apexService';
import { createRemotingMock } from 'jest-mocks/remotingMock';

const contract = JSON.parse(readFileSync(join(__dirname, '../../../staticresources/softphoneContract.json'), 'utf8'));

describe('apexService', () => {
  it('offers exactly the contract methods, with their parameters in order', () => {
    const fromContract = Object.fromEntries(
      Object.entries(contract.methods).map(([name, spec]) => [name, spec.params.map((p) => p.name)])
    );
    expect(REMOTE_METHODS).toEqual(fromContract);
  });

  it('invokes the configured remote action with default escaping, unbuffered', async () => {
    const remoting = createRemotingMock({ getHistory: { calls: [], hasMore: false, nextBefore: null } });
    const apex = createApexService(remoting.Manager, remoting.actions);

    const page = await apex.getHistory(20, null, 'missed', { search: 'jane', fromDay: '2026-11-30' });

    expect(page).toEqual({ calls: [], hasMore: false, nextBefore: null });
    const [action, ...args] = remoting.Manager.invokeAction.mock.calls[0];
    const options = args.pop();
    args.pop(); // the callback
    expect(action).toBe('SoftphoneController.getHistory');
    expect(args).toEqual([20, null, 'missed', 'jane', '2026-11-30', null]);
    expect(options).toEqual({ escape: true, buffer: false });
  });

  it('gives the app the caller id as the PBX sent it, decoding what remoting escaped', async () => {
    // What Visualforce sends for FromName__c `Tom & "Jerry" <sales>` with escaping on.
    const escaped = { fromName: 'Tom &amp; &quot;Jerry&quot; &lt;sales&gt;', notes: 'it&#39;s &amp;lt;b&amp;gt;' };
    const remoting = createRemotingMock({ getOpenCalls: [escaped] });
    const apex = createApexService(remoting.Manager, remoting.actions);

    const [call] = await apex.getOpenCalls();

    expect(call.fromName).toBe('Tom & "Jerry" <sales>');
    expect(call.notes).toBe("it's &lt;b&gt;");
  });

  it('links the picked caller to the call and resolves the saved call', async () => {
    const saved = { id: 'a01000000000001AAA', leadId: '00Q000000000001AAA', matchedName: 'Ada L.' };
    const remoting = createRemotingMock({ linkCaller: () => saved });
    const apex = createApexService(remoting.Manager, remoting.actions);

    await expect(apex.linkCaller('a01000000000001AAA', '00Q000000000001AAA')).resolves.toEqual(saved);
    expect(remoting.argsOf('linkCaller')).toEqual([['a01000000000001AAA', '00Q000000000001AAA']]);
    expect(remoting.Manager.invokeAction.mock.calls[0][0]).toBe('SoftphoneController.linkCaller');
  });

  it('rejects with the server’s message', async () => {
    const remoting = createRemotingMock();
    remoting.fail('saveWrapUp', 'This call is not yours or no longer exists.');
    remoting.fail('linkCaller', 'Choose a contact, lead or account that you can see.');
    const apex = createApexService(remoting.Manager, remoting.actions);

    await expect(apex.saveWrapUp('a01A', null, '')).rejects.toThrow('This call is not yours or no longer exists.');
    await expect(apex.linkCaller('a01A', '500A')).rejects.toThrow(
      'Choose a contact, lead or account that you can see.'
    );
  });

  it('names the missing remote action instead of calling nothing', async () => {
    const remoting = createRemotingMock();
    const apex = createApexService(remoting.Manager, { getOpenCalls: 'SoftphoneController.getOpenCalls' });

    await expect(apex.dial('+14155550100', null)).rejects.toThrow('remote action dial');
    expect(kebabMethodName('getRecordingLink')).toBe('get-recording-link');
  });
});
