import { takeDataQualitySnapshot } from '@custodia/core';
import { openCliContext } from '../cli-context.js';
import { plural } from '../plural.js';

/**
 * `custodia report quality-snapshot`: records today's data-quality figures (the organisation's date), as the server
 * does every hour — for an installation whose server does not run every day, from a scheduler. Taken again the same
 * day, it replaces that day's figures.
 */
export async function qualitySnapshotCommand(): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const s = await takeDataQualitySnapshot(ctx);
    process.stdout.write(`Recorded the data-quality figures of ${s.day}: ${plural(s.assets, 'asset')}, in ${plural(s.units, 'group')} by owner org unit.\n`);
  } finally {
    await database.close();
  }
}
