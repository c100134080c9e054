import type { InstalledSoftware } from './inventory.js';

/**
 * Software policy: a deny list matched against installed software, and the per-package difference between two
 * inventories that history summaries show.
 */

export interface DenyRule {
  /** Case-insensitive; `*` matches any run of characters (also none). Other characters match themselves. */
  name: string;
  /** When set, the publisher must match too (same syntax); software without a publisher then never matches. */
  publisher?: string | null;
  reason: string;
}

export interface DeniedSoftware {
  rule: DenyRule;
  item: InstalledSoftware;
}

const fold = (s: string) => s.normalize('NFC').trim().toLowerCase();

/** A glob with `*` as the only wildcard, as an anchored case-insensitive expression. */
export function globToRegExp(glob: string): RegExp {
  const body = fold(glob).split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 's');
}

/** Every (item, rule) pair where the rule denies the item, in software order then rule order. */
export function findDeniedSoftware(software: readonly InstalledSoftware[], rules: readonly DenyRule[]): DeniedSoftware[] {
  if (rules.length === 0) return [];
  const compiled = rules.map((rule) => ({
    rule,
    name: globToRegExp(rule.name),
    publisher: rule.publisher != null && rule.publisher.trim() !== '' ? globToRegExp(rule.publisher) : null,
  }));
  const found: DeniedSoftware[] = [];
  for (const item of software) {
    const name = fold(item.name);
    const publisher = item.publisher === null ? null : fold(item.publisher);
    for (const c of compiled) {
      if (!c.name.test(name)) continue;
      if (c.publisher !== null && (publisher === null || !c.publisher.test(publisher))) continue;
      found.push({ rule: c.rule, item });
    }
  }
  return found;
}

/** One installed package: lower-cased `name|version|arch` (missing parts empty). */
export function softwareKey(item: Pick<InstalledSoftware, 'name' | 'version' | 'arch'>): string {
  return `${fold(item.name)}|${fold(item.version ?? '')}|${fold(item.arch ?? '')}`;
}

/** A package regardless of its version: lower-cased `name|arch`. */
const packageKey = (item: InstalledSoftware) => `${fold(item.name)}|${fold(item.arch ?? '')}`;

export interface SoftwareChange {
  name: string;
  arch: string | null;
  from: string | null;
  to: string | null;
}

export interface SoftwareDiff {
  added: InstalledSoftware[];
  removed: InstalledSoftware[];
  /** A package installed once before and once after, with another version: an upgrade or downgrade. */
  changed: SoftwareChange[];
}

/**
 * What changed between two inventories' software. A package present once on each side with different versions is a
 * change; when several versions sit side by side (runtimes, kernels), versions are compared as a set and differences
 * are added or removed. Each list is sorted by package.
 */
export function diffSoftware(before: readonly InstalledSoftware[], after: readonly InstalledSoftware[]): SoftwareDiff {
  const group = (list: readonly InstalledSoftware[]) => {
    const map = new Map<string, InstalledSoftware[]>();
    for (const item of list) {
      const key = packageKey(item);
      const g = map.get(key);
      if (g === undefined) map.set(key, [item]);
      else if (!g.some((x) => softwareKey(x) === softwareKey(item))) g.push(item);
    }
    return map;
  };
  const was = group(before);
  const now = group(after);
  const diff: SoftwareDiff = { added: [], removed: [], changed: [] };

  for (const key of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(key) ?? [];
    const b = now.get(key) ?? [];
    if (a.length === 1 && b.length === 1) {
      if (softwareKey(a[0]!) !== softwareKey(b[0]!)) diff.changed.push({ name: b[0]!.name, arch: b[0]!.arch, from: a[0]!.version, to: b[0]!.version });
      continue;
    }
    const aKeys = new Set(a.map(softwareKey));
    const bKeys = new Set(b.map(softwareKey));
    diff.removed.push(...a.filter((x) => !bKeys.has(softwareKey(x))));
    diff.added.push(...b.filter((x) => !aKeys.has(softwareKey(x))));
  }
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  diff.added.sort((x, y) => order(softwareKey(x), softwareKey(y)));
  diff.removed.sort((x, y) => order(softwareKey(x), softwareKey(y)));
  diff.changed.sort((x, y) => order(`${fold(x.name)}|${fold(x.arch ?? '')}`, `${fold(y.name)}|${fold(y.arch ?? '')}`));
  return diff;
}
