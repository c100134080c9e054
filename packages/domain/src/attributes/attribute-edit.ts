import type { FieldDefinition } from './field-types.js';
import { type ValidatedAttributes, validateAttributes } from './validate-attributes.js';
import { type Verdict, accept } from '../verdict.js';

/**
 * An edit of typed attributes is a merge patch (RFC 7396, one level): a key with a value sets it, a key with `null`
 * clears it, and a key the edit does not name keeps its value. So a client, a bulk change or an import file that
 * names some attributes never erases the others.
 */
export function mergeAttributes(current: Readonly<Record<string, unknown>>, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Validates an edit of an asset's attributes against its type's schema as it is now. The schema may have changed
 * since the asset was registered (an attribute added as required, one removed, a pattern tightened), so an edit is
 * checked for what it changes, not for the whole record:
 * - the attributes it names are checked as on registration (type, range, pattern, unknown keys refused, and `null`
 *   refused for a required one);
 * - a condition its values trigger is enforced (`requiredWhen` on a field it sets), reading the whole record;
 * - values it does not name are kept exactly as stored, even one the type no longer defines or now defines
 *   differently, and a required attribute it does not name does not block it (the dashboard counts such records);
 * - an attribute with a default that the record lacks takes it, as on registration.
 * The result holds the whole record; `references` are those of the checked attributes (stored ones were checked when
 * written).
 */
export function validateAttributeEdit(schema: readonly FieldDefinition[], stored: Readonly<Record<string, unknown>>, patch: Readonly<Record<string, unknown>>): Verdict<ValidatedAttributes> {
  const named = new Set(Object.keys(patch));
  const merged = mergeAttributes(stored, patch);
  // Checked as on registration: what the edit names or triggers. Checked for a default only: what the record lacks.
  const full = (f: FieldDefinition) => named.has(f.key) || (f.requiredWhen !== undefined && named.has(f.requiredWhen.field));
  const checked = schema.filter((f) => full(f) || !(f.key in merged));
  const relaxed = checked.map((f) => {
    if (full(f)) return f;
    const { required: _required, requiredWhen: _when, ...rest } = f;
    return rest;
  });
  // Unknown keys are refused when the edit sets them; a stored value of an attribute the type dropped stays, and
  // the edit may clear it.
  const input: Record<string, unknown> = {};
  for (const key of named) if (patch[key] !== null && patch[key] !== undefined && !schema.some((f) => f.key === key)) input[key] = patch[key];
  for (const f of checked) if (f.key in merged) input[f.key] = merged[f.key];
  const verdict = validateAttributes(relaxed, input, merged);
  if (!verdict.ok) return verdict;
  return accept({ values: { ...merged, ...verdict.value.values }, references: verdict.value.references });
}
