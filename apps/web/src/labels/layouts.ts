/**
 * Label stock the labels page prints on, as data: the page, where the first label starts, the label size and the gaps
 * between labels (the manufacturers' published dimensions). Sheets print several labels per page; a label printer
 * prints one label per page of its own size.
 */
export interface LabelLayout {
  key: string;
  name: string;
  /** CSS `@page` size and the page's printable box. */
  page: { size: string; width: string; height: string };
  /** Where the first label's top-left corner is. */
  margin: { top: string; left: string };
  columns: number;
  rows: number;
  label: { width: string; height: string };
  gap: { column: string; row: string };
}

export const LABEL_LAYOUTS: readonly LabelLayout[] = [
  {
    key: 'a4-21', name: 'A4 sheet, 21 labels of 63.5 × 38.1 mm (Avery L7160)',
    page: { size: 'A4', width: '210mm', height: '297mm' }, margin: { top: '15.15mm', left: '7.25mm' },
    columns: 3, rows: 7, label: { width: '63.5mm', height: '38.1mm' }, gap: { column: '2.5mm', row: '0mm' },
  },
  {
    key: 'a4-24', name: 'A4 sheet, 24 labels of 70 × 37 mm (Avery 3474)',
    page: { size: 'A4', width: '210mm', height: '297mm' }, margin: { top: '0.5mm', left: '0mm' },
    columns: 3, rows: 8, label: { width: '70mm', height: '37mm' }, gap: { column: '0mm', row: '0mm' },
  },
  {
    key: 'letter-30', name: 'US Letter sheet, 30 labels of 2⅝ × 1 in (Avery 5160)',
    page: { size: 'letter', width: '8.5in', height: '11in' }, margin: { top: '0.5in', left: '0.1875in' },
    columns: 3, rows: 10, label: { width: '2.625in', height: '1in' }, gap: { column: '0.125in', row: '0in' },
  },
  {
    key: 'roll-62x29', name: 'Label printer, 62 × 29 mm (Brother DK-11209)',
    page: { size: '62mm 29mm', width: '62mm', height: '29mm' }, margin: { top: '0mm', left: '0mm' },
    columns: 1, rows: 1, label: { width: '62mm', height: '29mm' }, gap: { column: '0mm', row: '0mm' },
  },
];

export const labelsPerPage = (layout: LabelLayout): number => layout.columns * layout.rows;

/**
 * The pages to print: `skip` empty places first (labels already peeled off a sheet in use), then one place per label.
 * `null` is an empty place.
 */
export function labelPages<T>(layout: LabelLayout, labels: readonly T[], skip: number): (T | null)[][] {
  const perPage = labelsPerPage(layout);
  const places: (T | null)[] = [...Array.from({ length: Math.max(0, Math.min(skip, perPage - 1)) }, () => null), ...labels];
  const pages: (T | null)[][] = [];
  for (let i = 0; i < places.length; i += perPage) pages.push(places.slice(i, i + perPage));
  return pages;
}
