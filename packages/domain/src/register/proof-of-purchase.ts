import type { StageKind } from '../lifecycle/model.js';
import { PROOF_OF_PURCHASE_CATEGORIES } from '../attachments/categories.js';

/**
 * Stage kinds of an asset that has been acquired and not yet disposed of: from stock to the end of its use, including
 * the exceptions along the way (legal hold, missing, lost). Planned and ordered assets are not bought yet; a disposed
 * one's records are closed. Such an asset should have a proof of purchase (ITAM guide Table 3.6: verification finds
 * missing IT asset-related media).
 */
export const ACQUIRED_STAGE_KINDS: readonly StageKind[] = ['available', 'in_use', 'maintenance', 'retired', 'hold', 'missing', 'lost'];

/** What the `no_proof_of_purchase` check reads of an asset. */
export interface PurchaseRecord {
  stageKind: string | undefined;
  invoiceReference: string | null;
  /** Categories of the asset's live (not deleted) attachments. */
  attachmentCategories: readonly string[];
}

/**
 * The data-quality check `no_proof_of_purchase`: an acquired asset with neither an invoice reference (blank counts as
 * none) nor a live attachment that is an invoice or a proof of purchase. The register's SQL
 * (`core/shared/data-quality-sql.ts`) applies the same rule.
 */
export function lacksProofOfPurchase(asset: PurchaseRecord): boolean {
  if (!asset.stageKind || !(ACQUIRED_STAGE_KINDS as readonly string[]).includes(asset.stageKind)) return false;
  if (asset.invoiceReference?.trim()) return false;
  return !asset.attachmentCategories.some((c) => (PROOF_OF_PURCHASE_CATEGORIES as readonly string[]).includes(c));
}
