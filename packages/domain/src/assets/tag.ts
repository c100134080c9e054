/**
 * Asset tags are generated from a per-type pattern when none is given.
 * A pattern is literal text with one counter placeholder `{seq:N}` (N digits, zero-padded), e.g. `LAP-{seq:6}` → `LAP-000123`.
 */
const PLACEHOLDER = /\{seq(?::(\d{1,2}))?\}/;

/** Longest tag the API takes (contracts' Tag): a generated one must fit it as a typed one does. */
export const MAX_TAG_LENGTH = 64;

export function isValidTagPattern(pattern: string): boolean {
  const matches = pattern.match(new RegExp(PLACEHOLDER.source, 'g'));
  if (matches === null || matches.length !== 1 || pattern.length > 40 || /[\u0000-\u001f]/.test(pattern)) return false;
  // The counter's width plus the literal text, at its widest (a width of 99 made tags no API call could name).
  const width = Number(PLACEHOLDER.exec(pattern)?.[1] ?? 1);
  return pattern.length - matches[0].length + Math.max(width, 12) <= MAX_TAG_LENGTH;
}

export function formatTag(pattern: string, seq: number): string {
  return pattern.replace(PLACEHOLDER, (_, width: string | undefined) => String(seq).padStart(Number(width ?? 1), '0'));
}
