import { addDays, addMonths } from '@custodia/domain';
import { type EventInput, newId, readJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { runChange } from '../shared/change.js';
import { coverageEvents } from '../coverage/coverage-records.js';
import type { SourceRow } from '../import/source-row.js';
import { DEMO_COUNTRIES, DEMO_SUPPLIERS, DEMO_SUPPORT_CONTRACTS } from './demo-data.js';

/** Stages of the demo's hardware model in which an asset is in service, and so worth covering. */
const IN_SERVICE = ['in_use', 'in_stock', 'maintenance'];
/** Coverage rows written per INSERT: well under both engines' limits on bound parameters. */
const BATCH = 500;

/**
 * Import rows of the demo's support contracts (the shipped `support_contract` type): active, owned by an IT
 * department, bought from a demo supplier on the day their three-year term began.
 */
export function supportContractRows(today: string, departments: readonly { code: string; country: string }[], firstLine: number): SourceRow[] {
  return DEMO_SUPPORT_CONTRACTS.map((c, k) => {
    const country = DEMO_COUNTRIES[k % DEMO_COUNTRIES.length]!;
    const endsOn = addDays(today, c.endsInDays);
    const startsOn = addMonths(endsOn, -36);
    const owner = departments.find((d) => d.country === country.code && d.code.endsWith('-IT')) ?? departments[0]!;
    return {
      line: firstLine + k,
      cells: {
        name: c.name, type: 'support_contract', stage: 'active', owner: owner.code, supplier: DEMO_SUPPLIERS[(k + 2) % DEMO_SUPPLIERS.length]!,
        purchase_date: startsOn, purchase_cost: String(c.cost), currency: country.currency === 'JPY' ? 'USD' : country.currency,
        invoice_reference: `INV-${startsOn.slice(0, 4)}-C${String(k + 1).padStart(3, '0')}`,
        'attr.contract_number': c.number, 'attr.starts_on': startsOn, 'attr.ends_on': endsOn, 'attr.support_line': c.line, 'attr.service_level': c.level,
      },
    };
  });
}

/**
 * Each demo contract covers the assets of its catalogue models that are in service and were bought during its term,
 * for the contract's own days (what a coverage added without dates takes). Written in one change, a `cover` event on
 * the contract and on each asset, in batches: a 5,000-asset demo covers about a thousand.
 */
export async function coverDemoAssets(ctx: Context): Promise<number> {
  return runChange(ctx, 'Demo register: support contracts', async (tx, now) => {
    const contracts = await tx.selectFrom('assets').innerJoin('asset_types', 'asset_types.id', 'assets.asset_type_id')
      .select(['assets.id', 'assets.tag', 'assets.name', 'assets.attributes']).where('asset_types.key', '=', 'support_contract').orderBy('assets.tag').execute();
    const events: EventInput[] = [];
    let covered = 0;
    for (const contract of contracts) {
      const spec = DEMO_SUPPORT_CONTRACTS.find((c) => c.name === contract.name);
      if (!spec) continue;
      const attributes = readJson<Record<string, string>>(contract.attributes, {});
      const term = { starts_on: attributes['starts_on'] ?? null, ends_on: attributes['ends_on'] ?? null };
      let assets = tx.selectFrom('assets').innerJoin('catalogue_models', 'catalogue_models.id', 'assets.model_id').select(['assets.id', 'assets.tag'])
        .where('catalogue_models.name', 'in', [...spec.models]).where('assets.stage', 'in', IN_SERVICE);
      if (term.starts_on) assets = assets.where('assets.purchase_date', '>=', term.starts_on);
      const chosen = await assets.orderBy('assets.tag').execute();
      const rows = chosen.map((a) => ({ id: newId(), contract_id: contract.id, asset_id: a.id, ...term, note: null, created_at: now, created_by: ctx.actor }));
      for (let i = 0; i < rows.length; i += BATCH) await tx.insertInto('asset_coverage').values(rows.slice(i, i + BATCH)).execute();
      rows.forEach((row, i) => events.push(...coverageEvents('cover', row, contract, chosen[i]!)));
      covered += rows.length;
    }
    return { result: covered, events };
  });
}
