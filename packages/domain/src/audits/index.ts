export * from './audit-rules.js';
