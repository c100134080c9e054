import { PERMISSIONS, type Permission } from '@custodia/domain';

/** Permissions are defined once, in the domain package; routes declare one of them. */
export { PERMISSIONS, type Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs for this route. Every route declares one; a test fails on any that does not. */
    permission?: Permission;
    /**
     * The request or its answer holds a secret (a password, a token shown once, a TOTP secret, recovery codes): an
     * Idempotency-Key is refused here, since keeping the answer, or a hash of the request, would keep the secret.
     */
    holdsSecret?: boolean;
    /**
     * The change needs a password confirmed within the last minutes (POST /auth/reauthenticate), so a session left open
     * or stolen cannot take over accounts or hand out rights. `always`: only such a session passes (a token cannot mint
     * tokens or change its owner's second factor); `sessions`: a session must be confirmed, while an API token passes,
     * since automation holds no password and a token is issued only after a confirmation.
     */
    confirmPassword?: 'always' | 'sessions';
  }
}
