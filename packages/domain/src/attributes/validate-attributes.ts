import type { FieldDefinition } from './field-types.js';
import { validateValue } from './validate-value.js';
import { type Verdict, type Violation, accept, reject } from '../verdict.js';

export interface AttributeReference {
  field: string;
  kind: 'person' | 'location' | 'asset';
  id: string;
}

export interface ValidatedAttributes {
  values: Record<string, unknown>;
  /** References the data layer must confirm exist (and are in the caller's scope). */
  references: AttributeReference[];
}

const REF_KIND = { person_ref: 'person', location_ref: 'location', asset_ref: 'asset' } as const;

/**
 * Validates a full attribute record against a type's schema.
 * Unknown keys are refused (no mass assignment); missing values take the default; required values must be present.
 */
export function validateAttributes(
  schema: readonly FieldDefinition[],
  input: Record<string, unknown>,
  /** Where `requiredWhen` conditions read the other field's value: the input itself, or the whole record of an edit. */
  context: Record<string, unknown> = input,
): Verdict<ValidatedAttributes> {
  const violations: Violation[] = [];
  const byKey = new Map(schema.map((f) => [f.key, f]));
  for (const key of Object.keys(input)) {
    if (!byKey.has(key)) {
      violations.push({ code: 'ATTRIBUTE_UNKNOWN', field: `attributes.${key}`, message: `Unknown attribute "${key}" for this asset type` });
    }
  }
  const values: Record<string, unknown> = {};
  const references: AttributeReference[] = [];
  for (const field of schema) {
    // Blank text (empty or whitespace only) counts as missing: it would otherwise satisfy `required` and be stored as ''.
    const given = input[field.key];
    const present = Object.prototype.hasOwnProperty.call(input, field.key) && given !== null && !(typeof given === 'string' && given.trim() === '');
    const raw = present ? input[field.key] : field.default;
    if (raw === undefined || raw === null) {
      const conditionallyRequired =
        field.requiredWhen !== undefined && field.requiredWhen.oneOf.includes(String(context[field.requiredWhen.field] ?? ''));
      if (field.required || conditionallyRequired) {
        violations.push({ code: 'ATTRIBUTE_REQUIRED', field: `attributes.${field.key}`, message: `${field.label} is required` });
      }
      continue;
    }
    const result = validateValue(field, raw);
    if (!result.ok) {
      violations.push({ code: result.code, field: `attributes.${field.key}`, message: result.message });
      continue;
    }
    values[field.key] = result.value;
    if (field.type === 'person_ref' || field.type === 'location_ref' || field.type === 'asset_ref') {
      references.push({ field: field.key, kind: REF_KIND[field.type], id: result.value as string });
    }
  }
  return violations.length ? reject(...violations) : accept({ values, references });
}
