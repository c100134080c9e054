import { comparisonKey } from '../text/safe-text.js';

/** Serials are stored as entered (trimmed, NFC) and compared case-insensitively without invisible characters. */
export function serialKey(serial: string): string {
  return comparisonKey(serial);
}

/** Asset tags compare the same way serials do. */
export function tagKey(tag: string): string {
  return comparisonKey(tag);
}
