/** One exported column: `key` selects the row property, `header` is the first-row label. */
export interface ExportColumn {
  key: string;
  header: string;
}
