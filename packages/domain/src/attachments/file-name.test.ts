import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_LENGTH, contentDisposition, sanitizeFileName } from './file-name.js';

describe('sanitizeFileName (AT-02)', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['%2e%2e%2fetc', '%2e%2e%2fetc'],
    ['CON', '_CON'],
    ['con.pdf', '_con.pdf'],
    ['LPT1.txt', '_LPT1.txt'],
    ['console.pdf', 'console.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a\u0000b.pdf', 'a_b.pdf'],
    ['  .hidden.pdf  ', 'hidden.pdf'],
    ['report.pdf...', 'report.pdf'],
    ['a:b*c?.pdf', 'a_b_c_.pdf'],
    ['', 'attachment'],
    ['../', 'attachment'],
    ['Cafe\u0301.pdf', 'Café.pdf'],
  ])('%j → %j', (raw, clean) => {
    expect(sanitizeFileName(raw)).toBe(clean);
  });

  it('shortens a 300-character name and keeps its extension', () => {
    const clean = sanitizeFileName(`${'x'.repeat(300)}.pdf`);
    expect([...clean]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(clean.endsWith('x.pdf')).toBe(true);
  });
});

describe('contentDisposition (RFC 6266)', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Rechnung März "2026".pdf'))
      .toBe(`attachment; filename="Rechnung M_rz _2026_.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz%20%222026%22.pdf`);
    expect(contentDisposition('inline', "it's (1).png")).toBe(`inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });

  it('cannot be broken out of by the name', () => {
    const header = contentDisposition('attachment', 'a";\r\nSet-Cookie: x=1;.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
  });
});
