import { CALL_TYPE, createOpenCtiService } from 'c/openCtiService';
import { createOpenCtiMock } from 'jest-mocks/openCtiMock';

const TWO_MATCHES = {
  '003000000000001AAA': { Id: '003000000000001AAA', Name: 'Ada Lovelace', RecordType: 'Contact' },
  '00Q000000000001AAA': { Id: '00Q000000000001AAA', Name: 'Ada L.', RecordType: 'Lead' },
  SCREEN_POP_DATA: { type: 'search', params: { searchString: '+14155550100' } }
};
const ONE_MATCH = {
  '003000000000001AAA': { Id: '003000000000001AAA', Name: 'Ada Lovelace', RecordType: 'Contact' },
  SCREEN_POP_DATA: { type: 'sobject', params: { recordId: '003000000000001AAA' } }
};

describe('openCtiService', () => {
  it('pops the single match of an inbound call with the pop data Salesforce returned', async () => {
    const mock = createOpenCtiMock();
    mock.setResult('searchAndScreenPop', ONE_MATCH);
    const service = createOpenCtiService(mock.opencti);

    const found = await service.searchAndScreenPop('+14155550100', CALL_TYPE.INBOUND);

    expect(mock.argsOf('searchAndScreenPop')[0]).toMatchObject({ callType: 'inbound', deferred: true });
    expect(mock.argsOf('screenPop')[0]).toMatchObject(ONE_MATCH.SCREEN_POP_DATA);
    expect(found).toEqual({
      matches: [{ id: '003000000000001AAA', name: 'Ada Lovelace', type: 'Contact' }],
      popped: true
    });
  });

  it('does not pop when several records match: the agent picks', async () => {
    const mock = createOpenCtiMock();
    mock.setResult('searchAndScreenPop', TWO_MATCHES);

    const found = await createOpenCtiService(mock.opencti).searchAndScreenPop('+14155550100', CALL_TYPE.INBOUND);

    expect(found.popped).toBe(false);
    expect(found.matches.map((m) => m.name)).toEqual(['Ada Lovelace', 'Ada L.']);
    expect(mock.argsOf('screenPop')).toHaveLength(0);
  });

  it('never pops for outbound or internal calls', async () => {
    const mock = createOpenCtiMock();
    mock.setResult('searchAndScreenPop', ONE_MATCH);
    const service = createOpenCtiService(mock.opencti);

    await service.searchAndScreenPop('+14155550100', CALL_TYPE.OUTBOUND);
    await service.searchAndScreenPop('201', CALL_TYPE.INTERNAL);

    expect(mock.argsOf('searchAndScreenPop').map((a) => a.callType)).toEqual(['outbound', 'internal']);
    expect(mock.argsOf('screenPop')).toHaveLength(0);
  });

  it('rejects with the code and description of a failed call', async () => {
    const mock = createOpenCtiMock();
    mock.fail(
      'setSoftphonePanelVisibility',
      'SOFTPHONE_CONTAINER_ERROR',
      'The softphone container hasn’t initialized yet.'
    );

    await expect(createOpenCtiService(mock.opencti).showPanel()).rejects.toMatchObject({
      code: 'SOFTPHONE_CONTAINER_ERROR',
      message:
        'Open CTI setSoftphonePanelVisibility failed: SOFTPHONE_CONTAINER_ERROR: The softphone container hasn’t initialized yet.'
    });
  });

  it('reads click-to-dial numbers from both payload shapes', async () => {
    const mock = createOpenCtiMock();
    const dialled = [];
    await createOpenCtiService(mock.opencti).onClickToDial((payload) => dialled.push(payload));

    mock.clickToDial({ number: 4155550100, recordId: '003A', recordName: 'Ada', objectType: 'Contact' });
    mock.clickToDial({ returnValue: { number: '+442071838750', recordId: '001B' } });

    expect(dialled).toEqual([
      { number: '4155550100', recordId: '003A', recordName: 'Ada', objectType: 'Contact' },
      { number: '+442071838750', recordId: '001B', recordName: null, objectType: null }
    ]);
  });

  it('sets the utility item label and icon, and shows the panel', async () => {
    const mock = createOpenCtiMock();
    const service = createOpenCtiService(mock.opencti);

    await service.setPanelState('On a call', 'call');
    await service.showPanel();

    expect(mock.argsOf('setSoftphonePanelLabel')[0].label).toBe('On a call');
    expect(mock.argsOf('setSoftphoneItemIcon')[0].key).toBe('call');
    expect(mock.argsOf('setSoftphonePanelVisibility')[0].visible).toBe(true);
  });

  it('says Open CTI is missing instead of throwing when the page did not load it', async () => {
    const service = createOpenCtiService(undefined);

    expect(service.available).toBe(false);
    await expect(service.getAppViewInfo()).rejects.toThrow('Open CTI is not available');
  });
});
