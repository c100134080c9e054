/**
 * Why a ZIP archive (a workbook to import, an Office document to attach) was refused. Each caller words it for its
 * own user and error codes: the inspector knows archives, not what the file was for.
 */
export type ZipRefusalReason =
  /** Not a well-formed, single-part archive whose entries tile the file as its directory says. */
  | 'malformed'
  /** Entries encrypted: nothing inside can be checked. */
  | 'encrypted'
  /** More bytes once inflated than allowed (a compression bomb). */
  | 'too_large'
  /** More entries than allowed. */
  | 'too_many_entries'
  /** An entry that an unzipper would write outside its folder or as a link (zip-slip): absolute, `..`, a symlink. */
  | 'unsafe_entry'
  /** An XML part declares a DTD or entities (XXE, entity expansion). */
  | 'dtd';

export class ZipRefusal extends Error {
  constructor(
    readonly reason: ZipRefusalReason,
    /**
     * What is wrong. For `malformed`, words that complete "The file is not a valid …: "; for the other reasons,
     * words that follow the archive as a subject ("The workbook " + "expands to …", "is encrypted").
     */
    readonly detail: string,
    readonly extra: { part?: string; total?: number; limit?: number } = {},
  ) {
    super(detail);
    this.name = 'ZipRefusal';
  }
}

export const malformedZip = (detail: string) => new ZipRefusal('malformed', detail);
