/** Text accepted anywhere in the register: no NUL, no lone UTF-16 surrogates, NFC-normalised, within a length cap. */
export const DEFAULT_MAX_TEXT = 1000;
export const LONG_TEXT_MAX = 20000;

// A lone high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextProblem = 'NUL_BYTE' | 'LONE_SURROGATE' | 'TOO_LONG';

export function textProblem(value: string, max: number = DEFAULT_MAX_TEXT): TextProblem | null {
  if (value.includes('\u0000')) return 'NUL_BYTE';
  if (LONE_SURROGATE.test(value)) return 'LONE_SURROGATE';
  if (value.length > max) return 'TOO_LONG';
  return null;
}

export function normaliseText(value: string): string {
  return value.normalize('NFC').trim();
}

/** Key used to compare identifiers (tags, serials): NFC, trimmed, zero-width characters removed, case-folded. */
export function comparisonKey(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim()
    .toLocaleUpperCase('en-US');
}
