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

/** Printable ASCII only: already in normal form (most package names and versions), so normalisation is skipped. */
const PLAIN = /^[\x20-\x7e]*$/;
const fold = (s: string) => (PLAIN.test(s) ? s : s.normalize('NFC')).trim().toLowerCase();

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
  // Each item's keys are computed once (lists hold hundreds of packages, and this runs on every changed inventory).
  const group = (list: readonly InstalledSoftware[]) => {
    const map = new Map<string, Keyed[]>();
    for (const item of list) {
      const k = keyed(item);
      const g = map.get(k.pkg);
      if (g === undefined) map.set(k.pkg, [k]);
      else if (!g.some((x) => x.full === k.full)) g.push(k);
    }
    return map;
  };
  const was = group(before);
  const now = group(after);
  const added: Keyed[] = [];
  const removed: Keyed[] = [];
  const changed: (SoftwareChange & { pkg: string })[] = [];

  const compare = (a: Keyed[], b: Keyed[]) => {
    if (a.length === 1 && b.length === 1) {
      if (a[0]!.full !== b[0]!.full) changed.push({ name: b[0]!.item.name, arch: b[0]!.item.arch, from: a[0]!.item.version, to: b[0]!.item.version, pkg: b[0]!.pkg });
      return;
    }
    const aKeys = new Set(a.map((x) => x.full));
    const bKeys = new Set(b.map((x) => x.full));
    for (const x of a) if (!bKeys.has(x.full)) removed.push(x);
    for (const x of b) if (!aKeys.has(x.full)) added.push(x);
  };
  for (const [key, a] of was) compare(a, now.get(key) ?? []);
  for (const [key, b] of now) if (!was.has(key)) compare([], b);
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  added.sort((x, y) => order(x.full, y.full));
  removed.sort((x, y) => order(x.full, y.full));
  changed.sort((x, y) => order(x.pkg, y.pkg));
  return { added: added.map((x) => x.item), removed: removed.map((x) => x.item), changed: changed.map(({ pkg: _, ...c }) => c) };
}

interface Keyed { item: InstalledSoftware; pkg: string; full: string }

/** An item with its package key (lower-cased `name|arch`, the package regardless of version) and its `softwareKey`. */
function keyed(item: InstalledSoftware): Keyed {
  const name = fold(item.name);
  const arch = fold(item.arch ?? '');
  return { item, pkg: `${name}|${arch}`, full: `${name}|${fold(item.version ?? '')}|${arch}` };
}
