export * from './webhook-records.js';
export * from './webhook-body.js';
export * from './manage-webhooks.js';
export * from './list-deliveries.js';
export * from './deliver-webhooks.js';
