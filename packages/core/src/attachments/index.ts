export * from './attachment-records.js';
export * from './add-attachment.js';
export * from './list-attachments.js';
export * from './read-attachment.js';
export * from './delete-attachment.js';
export * from './purge-attachments.js';
export * from './attachment-owners.js';
export * from './attachment-retention.js';
