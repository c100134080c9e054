export * from './event-kinds.js';
export * from './signature.js';
export * from './target.js';
