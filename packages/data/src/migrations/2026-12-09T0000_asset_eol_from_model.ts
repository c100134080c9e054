import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/** Months after a date, the last day of a shorter month when the day does not exist there (as the domain's addMonths). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * Where an asset's end of life came from: its catalogue model (true: it follows the model, a new purchase date and a
 * changed catalogue) or a person (false: it stays). Before, "from the catalogue" was guessed by comparing the date
 * with what the catalogue gives now, so a catalogue change froze every date it had given. Existing assets whose date
 * is what their model gives today are marked as derived; the others keep theirs, as they did.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('assets').addColumn('eol_from_model', t.bool, (c) => c.notNull().defaultTo(t.pg ? false : 0)).execute();
  const rows = await db.selectFrom('assets').innerJoin('catalogue_models as m', 'm.id', 'assets.model_id')
    .select(['assets.id', 'assets.eol_date', 'assets.purchase_date', 'm.eol_date as model_eol', 'm.eol_months'])
    .where('assets.eol_date', 'is not', null).where((eb) => eb.or([eb('m.eol_date', 'is not', null), eb('m.eol_months', 'is not', null)])).execute();
  const derived = rows.filter((r) => {
    const months = r.eol_months === null ? null : Number(r.eol_months);
    const fromModel = r.model_eol ?? (months && r.purchase_date ? addMonths(String(r.purchase_date), months) : null);
    return fromModel !== null && String(fromModel) === String(r.eol_date);
  }).map((r) => String(r.id));
  for (let i = 0; i < derived.length; i += 500) {
    await db.updateTable('assets').set({ eol_from_model: t.pg ? true : 1 }).where('id', 'in', derived.slice(i, i + 500)).execute();
  }
}
