import { describe, expect, it } from 'vitest';
import { STAGE_KINDS } from '../lifecycle/model.js';
import { ATTACHMENT_CATEGORY_KEYS } from '../attachments/categories.js';
import { ACQUIRED_STAGE_KINDS, PURCHASED_CATEGORIES, lacksProofOfPurchase } from './proof-of-purchase.js';
import { ASSET_CATEGORIES } from './tree.js';
import { DATA_QUALITY_CHECKS, DATA_QUALITY_KEYS } from './verification.js';

describe('ACQUIRED_STAGE_KINDS', () => {
  it('are every stage kind after acquisition and before disposal', () => {
    const notAcquired = STAGE_KINDS.filter((k) => !ACQUIRED_STAGE_KINDS.includes(k));
    expect(notAcquired).toEqual(['planned', 'ordered', 'disposed']);
    for (const k of ACQUIRED_STAGE_KINDS) expect(STAGE_KINDS, k).toContain(k);
    expect(new Set(ACQUIRED_STAGE_KINDS).size).toBe(ACQUIRED_STAGE_KINDS.length);
  });
});

describe('lacksProofOfPurchase', () => {
  const bare = { category: 'hardware', invoiceReference: null, attachmentCategories: [] as string[] };

  it.each(STAGE_KINDS)('%s: counts only an acquired asset without any proof', (stageKind) => {
    expect(lacksProofOfPurchase({ ...bare, stageKind })).toBe(ACQUIRED_STAGE_KINDS.includes(stageKind));
    // With a proof, none counts, whatever the stage.
    expect(lacksProofOfPurchase({ ...bare, stageKind, invoiceReference: 'INV-88' })).toBe(false);
    expect(lacksProofOfPurchase({ ...bare, stageKind, attachmentCategories: ['invoice'] })).toBe(false);
  });

  it.each(ASSET_CATEGORIES)('%s: asked for a proof only if assets of the category are bought one by one', (category) => {
    expect(lacksProofOfPurchase({ ...bare, category, stageKind: 'in_use' })).toBe(['hardware', 'software_licence', 'saas_subscription', 'service_contract'].includes(category));
    expect(PURCHASED_CATEGORIES.includes(category)).toBe(lacksProofOfPurchase({ ...bare, category, stageKind: 'in_use' }));
  });

  it('an unknown stage (a model without that key) is not judged', () => {
    expect(lacksProofOfPurchase({ ...bare, stageKind: undefined })).toBe(false);
    expect(lacksProofOfPurchase({ ...bare, stageKind: 'something_else' })).toBe(false);
  });

  it('a transition recorded with a proof of purchase in its evidence proves it (a licence\'s "Record entitlement")', () => {
    expect(lacksProofOfPurchase({ ...bare, category: 'software_licence', stageKind: 'available', transitionEvidence: [{ acquired_on: '2026-11-02', proof_of_purchase: 'ENT-4711' }] })).toBe(false);
    expect(lacksProofOfPurchase({ ...bare, category: 'software_licence', stageKind: 'available', transitionEvidence: [{ acquired_on: '2026-11-02', proof_of_purchase: '  ' }] })).toBe(true);
    expect(lacksProofOfPurchase({ ...bare, category: 'software_licence', stageKind: 'available', transitionEvidence: [{ delivery_slip: 'DS-1' }] })).toBe(true);
  });

  it('a blank invoice reference is none', () => {
    expect(lacksProofOfPurchase({ ...bare, stageKind: 'in_use', invoiceReference: '' })).toBe(true);
    expect(lacksProofOfPurchase({ ...bare, stageKind: 'in_use', invoiceReference: '   ' })).toBe(true);
  });

  it.each(ATTACHMENT_CATEGORY_KEYS)('an attachment of category %s proves the purchase only if it is an invoice or a proof of purchase', (category) => {
    expect(lacksProofOfPurchase({ ...bare, stageKind: 'available', attachmentCategories: ['photo', category] }))
      .toBe(!['invoice', 'proof_of_purchase'].includes(category));
  });
});

describe('DATA_QUALITY_CHECKS', () => {
  it('have unique keys and labels, no_proof_of_purchase among them', () => {
    expect(new Set(DATA_QUALITY_KEYS).size).toBe(DATA_QUALITY_KEYS.length);
    expect(new Set(DATA_QUALITY_CHECKS.map((c) => c.label)).size).toBe(DATA_QUALITY_CHECKS.length);
    expect(DATA_QUALITY_CHECKS).toContainEqual({ key: 'no_proof_of_purchase', label: 'No proof of purchase' });
  });
});
