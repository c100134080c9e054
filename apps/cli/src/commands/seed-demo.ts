import { seedDemo } from '@custodia/core';
import type { Database } from '@custodia/data';
import { openCliContext } from '../cli-context.js';
import { cliError } from '../cli-error.js';
import { plural } from '../plural.js';

/** `custodia seed-demo`: a realistic sample register to explore, only in a register that holds nothing yet. */
export async function seedDemoCommand(options: { assets: number; people: number; seed: number }): Promise<void> {
  const { ctx, database } = await openCliContext('cli', { creates: true });
  try {
    await assertEmptyRegister(database);
    const started = Date.now();
    const r = await seedDemo(ctx, options);
    process.stdout.write(`Demo register ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${r.assets} assets, ${r.people} people, ${r.locations} rooms over 5 countries.\n`);
  } finally {
    await database.close();
  }
}

const HELD = [['assets', 'asset'], ['people', 'person'], ['locations', 'location'], ['org_units', 'org unit']] as const;

/** Demo records mixed into a real register could not be told apart from it: seeding needs a register without any. */
async function assertEmptyRegister(database: Database): Promise<void> {
  const held: string[] = [];
  for (const [table, noun] of HELD) {
    const n = Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    if (n) held.push(table === 'people' ? `${n} ${n === 1 ? 'person' : 'people'}` : plural(n, noun));
  }
  if (held.length) throw cliError('CONFLICT', `The register already holds ${held.join(', ')}; seed-demo only fills an empty register`);
}
