/**
 * Asset tags are generated from a per-type pattern when none is given.
 * A pattern is literal text with one counter placeholder `{seq:N}` (N digits, zero-padded), e.g. `LAP-{seq:6}` → `LAP-000123`.
 */
const PLACEHOLDER = /\{seq(?::(\d{1,2}))?\}/;

export function isValidTagPattern(pattern: string): boolean {
  const matches = pattern.match(new RegExp(PLACEHOLDER.source, 'g'));
  return matches !== null && matches.length === 1 && pattern.length <= 40 && !/[\u0000-\u001f]/.test(pattern);
}

export function formatTag(pattern: string, seq: number): string {
  return pattern.replace(PLACEHOLDER, (_, width: string | undefined) => String(seq).padStart(Number(width ?? 1), '0'));
}
