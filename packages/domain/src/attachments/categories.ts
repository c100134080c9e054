/**
 * What a file IS for the record it is kept with, whatever its format (a PDF may be an invoice or a certificate of
 * destruction). The ITAM practice guide asks audits to find missing, unregistered and incorrect media (Table 3.6):
 * contractual documents, installation media and licence keys, practical documentation. `other` is the default, and
 * what every file attached before categories existed became.
 */
export const ATTACHMENT_CATEGORIES = [
  { key: 'invoice', label: 'Invoice', hint: 'The supplier\'s invoice' },
  { key: 'proof_of_purchase', label: 'Proof of purchase', hint: 'Order confirmation, receipt, purchase order' },
  { key: 'delivery_note', label: 'Delivery note', hint: 'Delivery or reception slip' },
  { key: 'contract', label: 'Contract', hint: 'Lease, support or maintenance contract' },
  { key: 'warranty', label: 'Warranty', hint: 'Warranty certificate or extension' },
  { key: 'licence_entitlement', label: 'Licence entitlement', hint: 'Licence certificate, entitlement, activation key' },
  { key: 'certificate_of_destruction', label: 'Certificate of destruction', hint: 'Also a wipe report or another proof of disposal' },
  { key: 'installation_media', label: 'Installation media', hint: 'Installation package or image' },
  { key: 'documentation', label: 'Documentation', hint: 'Installation procedure, administration guide, maintenance instructions' },
  { key: 'photo', label: 'Photo', hint: 'A picture of the item, its label or its damage' },
  { key: 'other', label: 'Other', hint: 'Anything else' },
] as const;

export type AttachmentCategory = (typeof ATTACHMENT_CATEGORIES)[number]['key'];
export const ATTACHMENT_CATEGORY_KEYS = ATTACHMENT_CATEGORIES.map((c) => c.key) as [AttachmentCategory, ...AttachmentCategory[]];
export const DEFAULT_ATTACHMENT_CATEGORY: AttachmentCategory = 'other';

export const isAttachmentCategory = (value: unknown): value is AttachmentCategory =>
  typeof value === 'string' && (ATTACHMENT_CATEGORY_KEYS as readonly string[]).includes(value);

/** The category as people read it; a key this version does not know shows as it is stored. */
export function attachmentCategoryLabel(key: string): string {
  return ATTACHMENT_CATEGORIES.find((c) => c.key === key)?.label ?? key;
}

/** Documents that prove an asset was bought: either one, kept with the asset, answers the `no_proof_of_purchase` check. */
export const PROOF_OF_PURCHASE_CATEGORIES: readonly AttachmentCategory[] = ['invoice', 'proof_of_purchase'];

/**
 * The category of a document attached from a transition's proof field (the web form's "Or attach the document"): the
 * proof of purchase of an acquisition, the proof of disposal or data handling of a disposal or decommission.
 */
const PROOF_FIELD_CATEGORIES: Readonly<Record<string, AttachmentCategory>> = {
  proof_of_purchase: 'proof_of_purchase',
  proof_reference: 'certificate_of_destruction',
  handling_proof_reference: 'certificate_of_destruction',
};

export function proofFieldCategory(fieldKey: string): AttachmentCategory {
  return Object.hasOwn(PROOF_FIELD_CATEGORIES, fieldKey) ? PROOF_FIELD_CATEGORIES[fieldKey]! : DEFAULT_ATTACHMENT_CATEGORY;
}
