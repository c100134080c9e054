export * from './file-types.js';
export * from './file-name.js';
export * from './archive-parts.js';
export * from './owners.js';
export * from './retention.js';
export * from './categories.js';
