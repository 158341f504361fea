/**
 * The cached mapping between PBX users and Salesforce users (`User.PbxUserId__c`). It is loaded
 * on first use, refreshed periodically, and refreshed on a miss (at most once per
 * `missRefreshMs`, so an unmapped user cannot make every batch query the org). The write path
 * uses {@link OwnerDirectory.cachedUserIdsFor}: after the first load it never waits for the org,
 * a stale or missing entry only starts a refresh in the background.
 */
import type { Connection } from 'jsforce';
import { UNPACKAGED, type PackageNames } from './package-names.ts';

export interface OwnerDirectoryOptions {
  connection: () => Promise<Connection>;
  now: () => number;
  refreshIntervalMs: number;
  missRefreshMs?: number;
  onQuery?: (outcome: 'ok' | 'error') => void;
  /** A background refresh failed (the cached mapping keeps serving). */
  onBackgroundError?: (error: unknown) => void;
  /** The org's name for User.PbxUserId__c (namespaced in a managed install). */
  names?: PackageNames;
}

interface UserRow {
  Id: string;
  PbxUserId__c: string | null;
}

export const OWNER_QUERY = 'SELECT Id, PbxUserId__c FROM User WHERE PbxUserId__c != null';

/** PBX user id ↔ Salesforce User Id, cached. */
export class OwnerDirectory {
  private byPbxUser = new Map<string, string>();
  private bySalesforceUser = new Map<string, string>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;

  constructor(private readonly options: OwnerDirectoryOptions) {}

  /** The Salesforce User Id for a PBX user, or null when nobody is mapped to it. */
  async userIdFor(pbxUserId: string): Promise<string | null> {
    await this.ensureFresh(this.byPbxUser.has(pbxUserId));
    return this.byPbxUser.get(pbxUserId) ?? null;
  }

  /** Resolves many PBX users with at most one refresh. */
  async userIdsFor(pbxUserIds: readonly string[]): Promise<Map<string, string | null>> {
    await this.ensureFresh(pbxUserIds.every((id) => this.byPbxUser.has(id)));
    return new Map(pbxUserIds.map((id) => [id, this.byPbxUser.get(id) ?? null]));
  }

  /**
   * Resolves many PBX users from the cache without waiting for the org (only the very first
   * load is awaited: before it, every record would land on the default owner). A stale mapping
   * or an unknown user starts a refresh in the background; its answer serves the next write.
   */
  async cachedUserIdsFor(pbxUserIds: readonly string[]): Promise<Map<string, string | null>> {
    if (this.loadedAt === Number.NEGATIVE_INFINITY) await this.refresh();
    else {
      this.ensureFresh(pbxUserIds.every((id) => this.byPbxUser.has(id))).catch((error: unknown) =>
        this.options.onBackgroundError?.(error)
      );
    }
    return new Map(pbxUserIds.map((id) => [id, this.byPbxUser.get(id) ?? null]));
  }

  /**
   * The Salesforce User Id the cache holds for a PBX user now, or null; never waits and never
   * queries (the sink's own lookups keep the cache fresh): for the ringing channel's hot path.
   */
  knownUserIdFor(pbxUserId: string): string | null {
    return this.byPbxUser.get(pbxUserId) ?? null;
  }

  /** The PBX user a Salesforce user is mapped to, or null. */
  async pbxUserIdFor(salesforceUserId: string): Promise<string | null> {
    const key = salesforceUserId.slice(0, 15);
    await this.ensureFresh(this.bySalesforceUser.has(key));
    return this.bySalesforceUser.get(key) ?? null;
  }

  /** Every mapping currently known (the `members` command). */
  async all(): Promise<Map<string, string>> {
    await this.refresh();
    return new Map(this.byPbxUser);
  }

  private async ensureFresh(allKnown: boolean): Promise<void> {
    const age = this.options.now() - this.loadedAt;
    if (age >= this.options.refreshIntervalMs) return this.refresh();
    if (!allKnown && age >= (this.options.missRefreshMs ?? 60_000)) return this.refresh();
  }

  /** Reloads the mapping from the org (one query, following pages). */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const conn = await this.options.connection();
    let rows: UserRow[];
    try {
      const names = this.options.names ?? UNPACKAGED;
      let page = await conn.query<Record<string, unknown>>(names.query(OWNER_QUERY));
      rows = page.records.map((r) => names.fromOrg<UserRow>(r));
      while (!page.done && page.nextRecordsUrl) {
        page = await conn.queryMore<Record<string, unknown>>(page.nextRecordsUrl);
        rows.push(...page.records.map((r) => names.fromOrg<UserRow>(r)));
      }
      this.options.onQuery?.('ok');
    } catch (error) {
      this.options.onQuery?.('error');
      throw error;
    }
    this.byPbxUser = new Map();
    this.bySalesforceUser = new Map();
    for (const row of rows) {
      if (!row.PbxUserId__c) continue;
      this.byPbxUser.set(row.PbxUserId__c, row.Id);
      // 15- and 18-character forms of an Id name the same user.
      this.bySalesforceUser.set(row.Id.slice(0, 15), row.PbxUserId__c);
    }
    this.loadedAt = this.options.now();
  }
}
