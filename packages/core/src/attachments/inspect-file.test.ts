import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docxOf } from '../../../../test/support/zip.js';
import { inspectFile } from './inspect-file.js';

const dir = mkdtempSync(join(tmpdir(), 'inspect-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fileOf = (name: string, body: Buffer) => { const path = join(dir, name); writeFileSync(path, body); return path; };

describe('inspectFile on Office documents (AT-04)', () => {
  it('refuses a document of more than 5,000 parts from its directory alone, and accepts one just under', async () => {
    const parts = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `word/media/p${i}.png`, data: Buffer.alloc(0), stored: true }));
    // A minimal document has 3 parts of its own.
    await expect(inspectFile(fileOf('many.docx', docxOf('x', parts(4_998))), 'many.docx'))
      .rejects.toMatchObject({ code: 'ATTACHMENT_INVALID', message: 'The document has 5001 parts; at most 5000 are accepted' });
    await expect(inspectFile(fileOf('enough.docx', docxOf('x', parts(4_997))), 'enough.docx')).resolves.toMatchObject({ kind: { key: 'docx' } });
  });

  it('refuses a real compression bomb (210 MB of zeros in 200 kB) by its declared size', async () => {
    const zeros = Buffer.alloc(210 * 1024 * 1024);
    await expect(inspectFile(fileOf('bomb.docx', docxOf('x', [{ name: 'word/media/image1.png', data: zeros }])), 'bomb.docx'))
      .rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/^The document expands to 220\d+ bytes/) });
  });
});
