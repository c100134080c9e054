export * from './digest-reads.js';
export * from './digest-mail.js';
export * from './notification-settings.js';
export * from './send-digests.js';
