import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { writeOutputFile } from './output-file.js';

describe('writeOutputFile', () => {
  it('leaves no file at all when the output fails at once, before its temporary file was even open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodia-output-'));
    for (let i = 0; i < 20; i++) {
      await expect(writeOutputFile(join(dir, `out-${i}.csv`), async () => { throw new Error('refused'); })).rejects.toThrow('refused');
    }
    // A file opened after the failure was handled would appear a moment later.
    await sleep(50);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('makes the file only once the output is complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodia-output-'));
    await writeOutputFile(join(dir, 'out.csv'), async (out) => { out.write('a,b\n'); });
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });
});
