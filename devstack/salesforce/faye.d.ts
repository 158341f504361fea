// faye ships no types; this declares the part of its server API the stand-in uses.
declare module 'faye' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface BayeuxMessage {
    channel: string;
    clientId?: string;
    id?: string;
    subscription?: string | string[];
    error?: string;
    successful?: boolean;
    ext?: Record<string, unknown>;
    advice?: Record<string, unknown>;
    data?: unknown;
    connectionType?: string;
    supportedConnectionTypes?: string[];
    version?: string;
  }

  export interface Extension {
    incoming?(
      message: BayeuxMessage,
      request: IncomingMessage | null,
      callback: (message: BayeuxMessage) => void
    ): void;
    outgoing?(
      message: BayeuxMessage,
      request: IncomingMessage | null,
      callback: (message: BayeuxMessage) => void
    ): void;
  }

  export class NodeAdapter {
    constructor(options: { mount: string; timeout?: number; ping?: number });
    handle(request: IncomingMessage, response: ServerResponse): void;
    addExtension(extension: Extension): void;
    on(event: 'handshake' | 'disconnect', listener: (clientId: string) => void): void;
    close(): void;
  }
}
