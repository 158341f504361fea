/**
 * The simulated Kazoo account: fixed ids shared with the Salesforce stand-in (which seeds its
 * users with the same PBX user ids), the users' devices, the callflows that give extensions,
 * and the outside numbers the scenarios call from and to.
 */

export const ACCOUNT_ID = '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21';
export const ACCOUNT_NAME = 'Acme Demo';
export const ACCOUNT_REALM = 'acme.kazoo.test';
/** The company's main number: it rings the "Sales" group. */
export const MAIN_NUMBER = '+14155550100';

export interface SimDevice {
  id: string;
  name: string;
  sipUsername: string;
  ownerId: string;
  deviceType: 'sip_device' | 'softphone';
}

export interface SimUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  extension: string;
  /** The user's own DID, also their external caller id on outbound calls. */
  did: string;
  devices: SimDevice[];
}

function device(id: string, name: string, sipUsername: string, ownerId: string, deviceType: SimDevice['deviceType']) {
  return { id, name, sipUsername, ownerId, deviceType };
}

const ALICE = 'a1f3c2e4b5d6478899aabbccddeeff01';
const BOB = 'b2e4d3f5c6a7489900bbccddeeff0012';
const CAROL = 'c3d5e4a6b7c84900aabbccddeeff0123';

/** Alice has a desk phone and a softphone, so calls to her show LOSE_RACE between her own devices. */
export const USERS: readonly SimUser[] = [
  {
    id: ALICE,
    firstName: 'Alice',
    lastName: 'Archer',
    email: 'alice@acme.example.com',
    extension: '101',
    did: '+14155550101',
    devices: [
      device('d1a0c2e4b5d6478899aabbccddee0101', 'Alice desk phone', 'user_alice_desk', ALICE, 'sip_device'),
      device('d1a0c2e4b5d6478899aabbccddee0102', 'Alice softphone', 'user_alice_soft', ALICE, 'softphone')
    ]
  },
  {
    id: BOB,
    firstName: 'Bob',
    lastName: 'Baker',
    email: 'bob@acme.example.com',
    extension: '102',
    did: '+14155550102',
    devices: [device('d2b0d3f5c6a7489900bbccddee0201', 'Bob desk phone', 'user_bob_desk', BOB, 'sip_device')]
  },
  {
    id: CAROL,
    firstName: 'Carol',
    lastName: 'Chen',
    email: 'carol@acme.example.com',
    extension: '103',
    did: '+14155550103',
    devices: [device('d3c0e4a6b7c84900aabbccddee0301', 'Carol desk phone', 'user_carol_desk', CAROL, 'sip_device')]
  }
];

export const RING_GROUP = {
  id: 'f0a0b0c0d0e0f0a1b2c3d4e5f6a7b8c9',
  callflowId: 'cf000000000000000000000000000200',
  name: 'Sales',
  extension: '200',
  memberIds: USERS.map((u) => u.id)
};

export const VOICEMAIL_BOX = { id: 'vb000000000000000000000000000001', name: 'Main voicemail', mailbox: '300' };

/**
 * Outside parties. The first ones are the phone numbers of the Salesforce stand-in's sample
 * Contacts/Leads, so inbound calls from them match a record and pop it.
 */
export const EXTERNAL_NUMBERS: readonly { number: string; name: string }[] = [
  { number: '+14155550123', name: 'JANE DOE' },
  { number: '+14155550124', name: 'JOHN ROE' },
  { number: '+12125550187', name: 'NY BRANCH' },
  { number: '+13125550142', name: 'CHICAGO IL' },
  { number: '+16175550199', name: 'BOSTON MA' },
  { number: '+14155550177', name: 'WIRELESS CALLER' }
];

/** The carrier behind every offnet call. */
export const CARRIER = { resourceId: 'rs000000000000000000000000000001', host: '198.51.100.20' };

/** The simulated user with this PBX user id. */
export function userById(id: string): SimUser | undefined {
  return USERS.find((u) => u.id === id);
}

/** The simulated user behind an extension. */
export function userByExtension(extension: string): SimUser | undefined {
  return USERS.find((u) => u.extension === extension);
}

/** Callflow documents as `GET /callflows` lists them: one per user extension+DID, the group, voicemail. */
export function callflows(): Record<string, unknown>[] {
  const userFlows = USERS.map((u, i) => ({
    id: `cf0000000000000000000000000001${String(i + 1).padStart(2, '0')}`,
    name: `${u.firstName} ${u.lastName} SmartPBX's Callflow`,
    type: 'mainUserCallflow',
    numbers: [u.extension, u.did],
    patterns: [],
    featurecode: false,
    owner_id: u.id,
    modules: ['user', 'voicemail'],
    flags: []
  }));
  return [
    ...userFlows,
    {
      id: RING_GROUP.callflowId,
      name: `${RING_GROUP.name} ring group`,
      type: 'baseGroup',
      numbers: [RING_GROUP.extension, MAIN_NUMBER],
      patterns: [],
      featurecode: false,
      group_id: RING_GROUP.id,
      modules: ['ring_group', 'voicemail'],
      flags: []
    },
    {
      id: 'cf000000000000000000000000000300',
      name: 'Voicemail check',
      type: 'voicemail',
      numbers: ['*97', VOICEMAIL_BOX.mailbox],
      patterns: [],
      featurecode: { name: 'voicemail[action=check]', number: '97' },
      modules: ['voicemail'],
      flags: []
    }
  ];
}
