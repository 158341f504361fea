import type { PbxMember } from '../pbx/pbx-provider.ts';
import type { CrossbarClient } from './crossbar-client.ts';

interface UserRow {
  id?: string;
  username?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  presence_id?: string;
}

interface CallflowRow {
  owner_id?: string;
  numbers?: unknown[];
}

/** An extension is a short internal number; DIDs (E.164) and patterns are not extensions. */
const EXTENSION = /^\d{2,6}$/;

/**
 * Kazoo users with their extensions (kazoo.md §3.2): extensions are not a user field, they
 * come from the callflows a user owns, plus the user's numeric presence id.
 */
export async function listMembers(crossbar: CrossbarClient, accountId: string): Promise<PbxMember[]> {
  const account = `/v2/accounts/${encodeURIComponent(accountId)}`;
  const [users, callflows] = await Promise.all([
    crossbar.list<UserRow>(`${account}/users`),
    crossbar.list<CallflowRow>(`${account}/callflows`)
  ]);
  const extensions = new Map<string, Set<string>>();
  for (const flow of callflows) {
    if (!flow.owner_id) continue;
    const set = extensions.get(flow.owner_id) ?? new Set<string>();
    for (const number of flow.numbers ?? []) if (typeof number === 'string' && EXTENSION.test(number)) set.add(number);
    extensions.set(flow.owner_id, set);
  }
  return users
    .filter((user): user is UserRow & { id: string } => typeof user.id === 'string')
    .map((user) => {
      const set = new Set(extensions.get(user.id) ?? []);
      const presence = user.presence_id?.split('@')[0];
      if (presence && EXTENSION.test(presence)) set.add(presence);
      const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username || user.id;
      return { pbxUserId: user.id, name, email: user.email ?? null, extensions: [...set].sort() };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.pbxUserId.localeCompare(b.pbxUserId));
}
