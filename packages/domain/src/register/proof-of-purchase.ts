import type { StageKind } from '../lifecycle/model.js';
import { PROOF_OF_PURCHASE_CATEGORIES } from '../attachments/categories.js';
import type { AssetCategory } from './tree.js';

/**
 * Stage kinds of an asset that has been acquired and not yet disposed of: from stock to the end of its use, including
 * the exceptions along the way (legal hold, missing, lost). Planned and ordered assets are not bought yet; a disposed
 * one's records are closed. Such an asset should have a proof of purchase (ITAM guide Table 3.6: verification finds
 * missing IT asset-related media).
 */
export const ACQUIRED_STAGE_KINDS: readonly StageKind[] = ['available', 'in_use', 'maintenance', 'retired', 'hold', 'missing', 'lost'];

/**
 * Asset type categories that are bought one by one, with an invoice or a proof of purchase per asset: hardware, licences,
 * subscriptions and service contracts. Cloud resources are billed by the provider's account, and data assets, code
 * repositories and certificates are made or issued rather than bought: asking each for a proof would only be noise.
 */
export const PURCHASED_CATEGORIES: readonly AssetCategory[] = ['hardware', 'software_licence', 'saas_subscription', 'service_contract'];

/**
 * Evidence fields of lifecycle transitions that record a proof of purchase: the shipped software licence model's
 * "Record entitlement" asks for one (`proof_of_purchase`, a reference to the order, invoice or entitlement). A
 * transition recorded with such a field not blank proves the purchase as an attached invoice does.
 */
export const PROOF_OF_PURCHASE_EVIDENCE_FIELDS: readonly string[] = ['proof_of_purchase'];

/** What the `no_proof_of_purchase` check reads of an asset. */
export interface PurchaseRecord {
  /** The category of the asset's type. */
  category: string;
  stageKind: string | undefined;
  invoiceReference: string | null;
  /** Categories of the asset's live (not deleted) attachments. */
  attachmentCategories: readonly string[];
  /** The evidence of the asset's recorded lifecycle transitions. */
  transitionEvidence?: readonly Record<string, unknown>[];
}

/**
 * The data-quality check `no_proof_of_purchase`: an acquired asset of a purchased category with neither an invoice
 * reference (blank counts as none), nor a live attachment that is an invoice or a proof of purchase, nor a recorded
 * transition whose evidence gives a proof of purchase (`PROOF_OF_PURCHASE_EVIDENCE_FIELDS`). The register's SQL
 * (`core/shared/data-quality-sql.ts`) applies the same rule.
 */
export function lacksProofOfPurchase(asset: PurchaseRecord): boolean {
  if (!(PURCHASED_CATEGORIES as readonly string[]).includes(asset.category)) return false;
  if (!asset.stageKind || !(ACQUIRED_STAGE_KINDS as readonly string[]).includes(asset.stageKind)) return false;
  if (asset.invoiceReference?.trim()) return false;
  const proven = (evidence: Record<string, unknown>) => PROOF_OF_PURCHASE_EVIDENCE_FIELDS.some((f) => typeof evidence[f] === 'string' && (evidence[f] as string).trim() !== '');
  if (asset.transitionEvidence?.some(proven)) return false;
  return !asset.attachmentCategories.some((c) => (PROOF_OF_PURCHASE_CATEGORIES as readonly string[]).includes(c));
}
