import { PERMISSIONS, type Permission } from '@custodia/domain';

/** Permissions are defined once, in the domain package; routes declare one of them. */
export { PERMISSIONS, type Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs for this route. Every route declares one; a test fails on any that does not. */
    permission?: Permission;
  }
}
