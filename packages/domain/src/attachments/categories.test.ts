import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_CATEGORIES, ATTACHMENT_CATEGORY_KEYS, DEFAULT_ATTACHMENT_CATEGORY, PROOF_OF_PURCHASE_CATEGORIES, attachmentCategoryLabel, isAttachmentCategory, proofFieldCategory,
} from './categories.js';

describe('ATTACHMENT_CATEGORIES', () => {
  it('has unique keys (lower snake case, as stored) and unique labels and hints for people', () => {
    const keys = ATTACHMENT_CATEGORIES.map((c) => c.key);
    const labels = ATTACHMENT_CATEGORIES.map((c) => c.label.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(labels).size).toBe(labels.length);
    for (const c of ATTACHMENT_CATEGORIES) {
      expect(c.key, c.key).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(c.label, c.key).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
      expect(c.hint.length, c.key).toBeGreaterThan(3);
    }
    expect(ATTACHMENT_CATEGORY_KEYS).toEqual(keys);
  });

  it('holds the media the practice guide names: contractual documents, installation media and keys, documentation', () => {
    expect(ATTACHMENT_CATEGORY_KEYS).toEqual([
      'invoice', 'proof_of_purchase', 'delivery_note', 'contract', 'warranty', 'licence_entitlement', 'certificate_of_destruction',
      'installation_media', 'documentation', 'photo', 'other',
    ]);
  });

  it('defaults to other, the last choice', () => {
    expect(DEFAULT_ATTACHMENT_CATEGORY).toBe('other');
    expect(ATTACHMENT_CATEGORY_KEYS.at(-1)).toBe('other');
  });

  it('knows its own keys only', () => {
    for (const key of ATTACHMENT_CATEGORY_KEYS) expect(isAttachmentCategory(key), key).toBe(true);
    for (const value of ['', 'Invoice', 'INVOICE', 'invoice ', 'receipt', 'toString', '__proto__', null, undefined, 3]) expect(isAttachmentCategory(value), String(value)).toBe(false);
  });

  it('labels each key, and shows an unknown stored key as it is', () => {
    expect(attachmentCategoryLabel('certificate_of_destruction')).toBe('Certificate of destruction');
    expect(attachmentCategoryLabel('other')).toBe('Other');
    expect(attachmentCategoryLabel('from_a_later_version')).toBe('from_a_later_version');
  });

  it('proves a purchase by an invoice or a proof of purchase, nothing else', () => {
    expect([...PROOF_OF_PURCHASE_CATEGORIES].sort()).toEqual(['invoice', 'proof_of_purchase']);
    for (const c of PROOF_OF_PURCHASE_CATEGORIES) expect(isAttachmentCategory(c)).toBe(true);
  });

  it('files a transition\'s proof under what it proves; other fields default', () => {
    expect(proofFieldCategory('proof_of_purchase')).toBe('proof_of_purchase');
    expect(proofFieldCategory('proof_reference')).toBe('certificate_of_destruction');
    expect(proofFieldCategory('handling_proof_reference')).toBe('certificate_of_destruction');
    expect(proofFieldCategory('proof_of_something_new')).toBe('other');
    expect(proofFieldCategory('constructor')).toBe('other');
  });
});
