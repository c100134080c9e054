export * from './permissions.js';
export * from './roles.js';
export * from './scope.js';
export * from './delegation.js';
export * from './password-policy.js';
export * from './throttle.js';
export * from './session-policy.js';
export * from './oidc-claims.js';
