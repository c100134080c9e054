import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download';

describe('the file name of a download (RFC 6266)', () => {
  it('reads the quoted, the bare and the UTF-8 extended form; the extended one wins', () => {
    expect(fileNameOf('attachment; filename="custodia-assets-2026-11-29.csv"')).toBe('custodia-assets-2026-11-29.csv');
    expect(fileNameOf('attachment; filename=report.csv')).toBe('report.csv');
    expect(fileNameOf(`attachment; filename="Facture.pdf"; filename*=UTF-8''Facture%20%C3%A9t%C3%A9.pdf`)).toBe('Facture été.pdf');
    expect(fileNameOf('attachment; filename="say \\"hi\\".txt"')).toBe('say "hi".txt');
  });

  it('gives nothing when the header names no file, so the caller falls back to its own name', () => {
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf('attachment')).toBeNull();
    expect(fileNameOf('attachment; filename=""')).toBeNull();
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A; filename="plain.txt"`)).toBe('plain.txt');
  });
});
