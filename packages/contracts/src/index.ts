export * from './errors.js';
export * from './schemas/common.js';
export * from './schemas/register.js';
export * from './schemas/types-and-models.js';
export * from './schemas/assets.js';
export * from './schemas/imports.js';
export * from './schemas/access.js';
export * from './schemas/reports.js';
