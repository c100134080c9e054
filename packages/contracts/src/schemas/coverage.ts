import { z } from 'zod';
import { CalendarDate, Cursor, Id, Limit, LongText, Timestamp } from './common.js';

/**
 * Coverage of assets by a support, maintenance or warranty contract (an asset of category `service_contract`):
 * `GET /assets/{id}/coverage` lists what a contract covers, or the contracts covering any other asset.
 */

/** An asset as a coverage names it: enough to show and link it. */
export const CoverageParty = z.object({
  id: Id,
  tag: z.string(),
  name: z.string(),
  stage: z.string().describe('Its current lifecycle stage'),
});

export const Coverage = z.object({
  id: Id,
  contract: CoverageParty.describe('The contract (an asset of category service_contract)'),
  asset: CoverageParty.describe('The asset it covers'),
  startsOn: CalendarDate.nullable().describe('First day covered; null: from whenever the contract began'),
  endsOn: CalendarDate.nullable().describe('Last day covered; null: no end recorded'),
  note: z.string().nullable().describe('What the coverage includes, how to activate it (support line, contract number)'),
  active: z.boolean().describe("Whether it holds today, on the organisation's calendar: the contract is not withdrawn, held, lost or ended (stage) and today lies within its days"),
  createdAt: Timestamp,
  createdBy: z.string(),
});
export type Coverage = z.infer<typeof Coverage>;

export const CoverageList = z.object({
  role: z.enum(['contract', 'covered']).describe('`contract`: the asset is a service contract and the items are what it covers; `covered`: the items are the contracts covering it'),
  items: z.array(Coverage),
  nextCursor: z.string().nullable(),
  coveredUntil: z.object({ covered: z.boolean(), until: CalendarDate.nullable() }).nullable()
    .describe('For a covered asset: whether a contract covers it today and until when (the latest end among those that hold; null with covered true: no end); null for a contract'),
  today: CalendarDate.describe("The organisation's today, on which `active` and `coveredUntil` are judged"),
});

export const CoverageListQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });

export const CoverageAddBody = z.strictObject({
  assetIds: z.array(Id).min(1).max(100).describe('The assets the contract covers from now on (at most 100): all are added, or none'),
  startsOn: CalendarDate.nullable().optional().describe("First day covered; when left out, the contract's `starts_on` date attribute if its type has one; null: open"),
  endsOn: CalendarDate.nullable().optional().describe("Last day covered; when left out, the contract's `ends_on` date attribute if its type has one; null: open"),
  note: LongText.transform((s): string | null => s || null).nullable().optional(),
  reason: LongText.optional().describe('Kept in the history of the contract and of each asset'),
});

export const CoverageAddResult = z.object({ items: z.array(Coverage) });

export const CoverageParams = z.strictObject({ id: Id, assetId: Id });
