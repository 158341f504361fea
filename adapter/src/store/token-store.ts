/** The tenant's encrypted OAuth refresh token (web-server flow) and small settings. */
import type Database from 'better-sqlite3';

/** The oauth_tokens and settings tables of one tenant store. */
export class TokenStore {
  private readonly loadToken: Database.Statement<[], { refresh_token: string; instance_url: string }>;
  private readonly saveToken: Database.Statement<[string, string, number]>;
  private readonly getSettingRow: Database.Statement<[string], { value: string }>;
  private readonly setSettingRow: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.loadToken = db.prepare('SELECT refresh_token, instance_url FROM oauth_tokens WHERE id = 1');
    this.saveToken = db.prepare(
      'INSERT INTO oauth_tokens (id, refresh_token, instance_url, updated_at) VALUES (1, ?, ?, ?) ' +
        'ON CONFLICT (id) DO UPDATE SET refresh_token = excluded.refresh_token, ' +
        'instance_url = excluded.instance_url, updated_at = excluded.updated_at'
    );
    this.getSettingRow = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.setSettingRow = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    );
  }

  load(): { refreshToken: string; instanceUrl: string } | null {
    const row = this.loadToken.get();
    return row ? { refreshToken: row.refresh_token, instanceUrl: row.instance_url } : null;
  }

  /** Stores the (already encrypted) refresh token. */
  save(refreshToken: string, instanceUrl: string, now: number): void {
    this.saveToken.run(refreshToken, instanceUrl, now);
  }

  getSetting(key: string): string | null {
    return this.getSettingRow.get(key)?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.setSettingRow.run(key, value);
  }
}
