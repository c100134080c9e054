import { seedDemo } from '@custodia/core';
import { openCliContext } from '../cli-context.js';

/** `custodia seed-demo`: a realistic sample register to explore, only in a register that holds nothing yet (checked by the use case). */
export async function seedDemoCommand(options: { assets: number; people: number; seed: number }): Promise<void> {
  const { ctx, database } = await openCliContext('cli', { creates: true });
  try {
    const started = Date.now();
    const r = await seedDemo(ctx, options);
    process.stdout.write(`Demo register ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${r.assets} assets, ${r.people} people, ${r.locations} rooms over 5 countries.\n`);
  } finally {
    await database.close();
  }
}
