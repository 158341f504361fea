/** What every route module of the stand-in shares: storage, users, sessions, faults, streaming. */
import type { Counters } from './counters.ts';
import type { WireNames } from './namespace.ts';
import type { FaultInjector } from './faults.ts';
import type { RecordChange, WriteContext } from './record-writer.ts';
import type { ObjectDef } from './schema.ts';
import type { UserRole, WrapUpCode } from './seed.ts';
import type { SessionManager } from './sessions.ts';
import type { Viewer } from './soql.ts';
import type { OrgStore } from './store.ts';
import type { StreamingServer } from './streaming.ts';

export interface StandInLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface AdapterLink {
  /** Base URL of the adapter's HTTP API (issue 7), e.g. http://127.0.0.1:8080. */
  url?: string;
  /** The tenant API key the org would hold in its External Credential. */
  apiKey?: string;
  /** Header that carries the API key. */
  apiKeyHeader: string;
}

export interface OrgContext {
  store: OrgStore;
  schema: Record<string, ObjectDef>;
  apiVersion: string;
  orgId: string;
  /** The package namespace of a managed install ('' when un-namespaced). */
  namespace: string;
  /** The REST API's names: namespaced as a managed install names them, or as stored when un-namespaced. */
  wire: WireNames;
  sessions: SessionManager;
  faults: FaultInjector;
  counters: Counters;
  streaming: StreamingServer;
  wrapUpCodes: readonly WrapUpCode[];
  adapter: AdapterLink;
  logger: StandInLogger;
  dailyApiLimit: number;
  queryBatchSize: number;
  jwt: { publicKeyPem?: string; clientId?: string };
  /** http://127.0.0.1:<port>, known once the server listens. */
  baseUrl(): string;
  roleOf(userId: string): UserRole | undefined;
  viewerFor(userId: string): Viewer;
  /** A write context for this viewer; changes are collected and published after commit. */
  writeContext(viewer: Viewer, changes: RecordChange[], lockKind?: 'upsert' | 'collections'): WriteContext;
  /** Publishes collected changes to streaming once the transaction committed. */
  publish(changes: RecordChange[]): void;
  apiUsage: { used: number };
  openCtiCalls: { agentId: string; method: string; args: unknown; at: string }[];
}
