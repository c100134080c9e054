/**
 * The part of oidc-provider (which ships no types) that the single sign-on tests use: a provider built from a
 * configuration, served through its Node request listener (`test/support/oidc-provider.ts`).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
  }

  /** The claims an account answers with: `sub` and whatever the scopes asked for release. */
  export interface AccountClaims { sub: string; [claim: string]: unknown }

  export interface Account {
    accountId: string;
    claims(use: 'id_token' | 'userinfo', scope: string, claims: Record<string, unknown>, rejected: string[]): AccountClaims | Promise<AccountClaims>;
  }

  export interface Configuration {
    clients?: ClientMetadata[];
    /** Scope → the claims it releases. */
    claims?: Record<string, string[]>;
    scopes?: string[];
    cookies?: { keys?: string[] };
    /** Lifetimes in seconds, by artifact (AccessToken, AuthorizationCode, IdToken, Interaction, Session, Grant, …). */
    ttl?: Record<string, number>;
    features?: { devInteractions?: { enabled: boolean } };
    findAccount?(ctx: unknown, sub: string, token?: unknown): Account | undefined | Promise<Account | undefined>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    /** A listener for Node's HTTP server that serves every endpoint of the provider. */
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  }
}
