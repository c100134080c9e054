export { inspectZipArchive, type ZipLimits } from './inspect-zip.js';
export { ZipRefusal, type ZipRefusalReason } from './zip-refusal.js';
