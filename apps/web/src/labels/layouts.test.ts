import { describe, expect, it } from 'vitest';
import { LABEL_LAYOUTS, labelPages, labelsPerPage } from './layouts';

/** A CSS length in millimetres (the layouts use mm and in). */
const mm = (length: string): number => {
  const m = /^([\d.]+)(mm|in)$/.exec(length);
  if (!m) throw new Error(`not a length: ${length}`);
  return Number(m[1]) * (m[2] === 'in' ? 25.4 : 1);
};

describe('label stock', () => {
  it.each(LABEL_LAYOUTS.map((l) => [l.name, l] as const))('%s: every label lies on the page', (_, layout) => {
    const right = mm(layout.margin.left) + layout.columns * mm(layout.label.width) + (layout.columns - 1) * mm(layout.gap.column);
    const bottom = mm(layout.margin.top) + layout.rows * mm(layout.label.height) + (layout.rows - 1) * mm(layout.gap.row);
    expect(right).toBeLessThanOrEqual(mm(layout.page.width) + 0.01);
    expect(bottom).toBeLessThanOrEqual(mm(layout.page.height) + 0.01);
  });

  it('has unique keys', () => {
    expect(new Set(LABEL_LAYOUTS.map((l) => l.key)).size).toBe(LABEL_LAYOUTS.length);
  });

  it('fills pages in order after the places skipped, never skipping a whole page', () => {
    const sheet = LABEL_LAYOUTS.find((l) => labelsPerPage(l) === 21)!;
    const roll = LABEL_LAYOUTS.find((l) => labelsPerPage(l) === 1)!;
    expect(labelPages(sheet, ['a', 'b', 'c'], 0)).toEqual([['a', 'b', 'c']]);
    expect(labelPages(sheet, ['a', 'b', 'c'], 19)).toEqual([[...Array(19).fill(null), 'a', 'b'], ['c']]);
    expect(labelPages(sheet, ['a'], 500)).toEqual([[...Array(20).fill(null), 'a']]);
    expect(labelPages(sheet, [], 0)).toEqual([]);
    expect(labelPages(roll, ['a', 'b', 'c'], 5)).toEqual([['a'], ['b'], ['c']]);
    expect(labelPages(sheet, Array.from({ length: 43 }, (_, i) => i), 0).map((p) => p.length)).toEqual([21, 21, 1]);
  });
});
