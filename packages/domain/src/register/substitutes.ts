import type { StageKind } from '../lifecycle/model.js';
import { comparisonKey } from '../text/safe-text.js';
import { addDays } from './dates.js';
import { KEY_DATE_WINDOW_DAYS } from './key-dates.js';

/**
 * Substitution in case of shortage (ITIL ITAM guide, Table 2.2: Acquire, "substitution rules in case of shortage";
 * Assign, "substitutions and stock movements"). Catalogue models sharing a substitution group can replace one another.
 * Asked for a model, the stockroom is offered what it can hand out now: the model itself when some is in stock, then
 * the models of its group that are in stock. A substitute past its end of life is never offered (the organisation no
 * longer supports it, so handing one out would start a new assignment on equipment due to go); the model asked for is
 * still offered when in stock, flagged, since whoever asked for it may know why. Every model considered — the one
 * asked for and each of its group — appears exactly once, either offered or not, with the reason.
 */

/** Stage kinds in which an asset is in stock, ready to hand out. */
export const IN_STOCK_KINDS: readonly StageKind[] = ['available'];

export interface StockModel {
  id: string;
  name: string;
  /** Free text; models whose groups compare equal (`comparisonKey`: case, spacing at the ends) substitute each other. */
  substitutionGroup: string | null;
  /** The catalogue's fixed end of life (YYYY-MM-DD), if any. A model whose assets end of life by months has none. */
  eolDate: string | null;
}

/** How many assets of a model are in stock at a location (null: in stock without a location). */
export interface StockCount {
  modelId: string;
  locationId: string | null;
  count: number;
}

export const PROPOSAL_REASONS = [
  'requested_in_stock', // the model asked for, in stock
  'requested_end_of_life_soon', // the model asked for, in stock, its end of life within the key-date window
  'requested_past_end_of_life', // the model asked for, in stock, past its end of life: offered, flagged
  'substitute_in_stock', // a model of the same substitution group, in stock
  'substitute_end_of_life_soon', // the same, its end of life within the key-date window: ranked after the others
] as const;
export type ProposalReason = (typeof PROPOSAL_REASONS)[number];

export const NOT_PROPOSED_REASONS = [
  'requested_out_of_stock', // the model asked for: none in stock
  'substitute_out_of_stock', // a model of the same group: none in stock
  'substitute_past_end_of_life', // a model of the same group past its end of life: not offered, in stock or not
] as const;
export type NotProposedReason = (typeof NOT_PROPOSED_REASONS)[number];

export interface StockAtLocation {
  locationId: string | null;
  count: number;
}

export interface StockProposal {
  modelId: string;
  name: string;
  eolDate: string | null;
  reason: ProposalReason;
  inStock: number;
  /** Where: most first, then by location id, stock without a location last. */
  locations: StockAtLocation[];
}

export interface NotProposed {
  modelId: string;
  name: string;
  eolDate: string | null;
  reason: NotProposedReason;
  inStock: number;
}

export interface StockProposals {
  /** How many of the model asked for are in stock. */
  requestedInStock: number;
  /** Ranked: the model asked for first, then substitutes (not ending soon before ending soon, most in stock, name, id). */
  proposals: StockProposal[];
  /** The models considered and not offered: the one asked for when none is in stock, then its group by name. */
  notProposed: NotProposed[];
}

/** The key two models' substitution groups are compared by; null for a model without a group. */
export function substitutionGroupKey(group: string | null | undefined): string | null {
  const key = group ? comparisonKey(group) : '';
  return key ? key : null;
}

type EndOfLife = 'passed' | 'soon' | null;

/** Past when the date is before today, soon from today until the key-date window ends (as `end_of_life_*`). */
function endOfLifeOn(eolDate: string | null, today: string): EndOfLife {
  if (!eolDate) return null;
  if (eolDate < today) return 'passed';
  return eolDate < addDays(today, KEY_DATE_WINDOW_DAYS + 1) ? 'soon' : null;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function stockOf(modelId: string, stock: readonly StockCount[]): StockAtLocation[] {
  const at = new Map<string | null, number>();
  for (const s of stock) {
    if (s.modelId !== modelId || !(s.count > 0)) continue;
    at.set(s.locationId, (at.get(s.locationId) ?? 0) + s.count);
  }
  return [...at].map(([locationId, count]) => ({ locationId, count })).sort((a, b) =>
    b.count - a.count || (a.locationId === null ? 1 : 0) - (b.locationId === null ? 1 : 0) || byCodePoint(a.locationId ?? '', b.locationId ?? ''));
}

const total = (locations: StockAtLocation[]) => locations.reduce((n, l) => n + l.count, 0);

/**
 * What the stockroom can hand out instead of `requested` on `today` (YYYY-MM-DD), from the catalogue `models` (the
 * requested one may be among them) and the in-stock `stock` counts, both as the caller may see them.
 */
export function proposeStock(requested: StockModel, models: readonly StockModel[], stock: readonly StockCount[], today: string): StockProposals {
  const proposals: StockProposal[] = [];
  const notProposed: NotProposed[] = [];
  const base = (m: StockModel) => ({ modelId: m.id, name: m.name, eolDate: m.eolDate });

  const own = stockOf(requested.id, stock);
  const requestedInStock = total(own);
  if (requestedInStock > 0) {
    const eol = endOfLifeOn(requested.eolDate, today);
    const reason = eol === 'passed' ? 'requested_past_end_of_life' : eol === 'soon' ? 'requested_end_of_life_soon' : 'requested_in_stock';
    proposals.push({ ...base(requested), reason, inStock: requestedInStock, locations: own });
  } else {
    notProposed.push({ ...base(requested), reason: 'requested_out_of_stock', inStock: 0 });
  }

  const group = substitutionGroupKey(requested.substitutionGroup);
  const seen = new Set([requested.id]);
  const substitutes: StockProposal[] = [];
  const others: NotProposed[] = [];
  for (const m of models) {
    if (group === null || seen.has(m.id) || substitutionGroupKey(m.substitutionGroup) !== group) continue;
    seen.add(m.id);
    const locations = stockOf(m.id, stock);
    const inStock = total(locations);
    const eol = endOfLifeOn(m.eolDate, today);
    if (eol === 'passed') others.push({ ...base(m), reason: 'substitute_past_end_of_life', inStock });
    else if (inStock === 0) others.push({ ...base(m), reason: 'substitute_out_of_stock', inStock });
    else substitutes.push({ ...base(m), reason: eol === 'soon' ? 'substitute_end_of_life_soon' : 'substitute_in_stock', inStock, locations });
  }
  const endingSoon = (p: StockProposal) => (p.reason === 'substitute_end_of_life_soon' ? 1 : 0);
  substitutes.sort((a, b) => endingSoon(a) - endingSoon(b) || b.inStock - a.inStock || byCodePoint(a.name, b.name) || byCodePoint(a.modelId, b.modelId));
  others.sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.modelId, b.modelId));
  return { requestedInStock, proposals: [...proposals, ...substitutes], notProposed: [...notProposed, ...others] };
}
