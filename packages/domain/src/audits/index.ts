export * from './audit-rules.js';
export * from './recurrence.js';
export * from './sampling.js';
export * from './accuracy.js';
