import { FIELD_TYPES, type FieldDefinition, REFERENCE_FIELD_TYPES, SNAKE_KEY as KEY } from './field-types.js';
import { validateValue } from './validate-value.js';
import { monitorViolations } from './validate-monitor.js';
import { type Verdict, type Violation, accept, reject } from '../verdict.js';

/** Checks an attribute schema (the definition of a type's custom fields) before it is stored. */
export function validateAttributeSchema(schema: readonly FieldDefinition[]): Verdict<FieldDefinition[]> {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  schema.forEach((f, i) => {
    const at = `attributeSchema[${i}]`;
    if (!KEY.test(f.key)) violations.push({ code: 'SCHEMA_INVALID_KEY', field: at, message: `"${f.key}" must be snake_case` });
    if (seen.has(f.key)) violations.push({ code: 'SCHEMA_DUPLICATE_KEY', field: at, message: `"${f.key}" is defined twice` });
    seen.add(f.key);
    if (!(FIELD_TYPES as readonly string[]).includes(f.type)) {
      violations.push({ code: 'SCHEMA_INVALID_TYPE', field: at, message: `Unknown field type "${f.type}"` });
      return;
    }
    if (f.type === 'enum' && (!f.options || f.options.length === 0)) {
      violations.push({ code: 'SCHEMA_ENUM_WITHOUT_OPTIONS', field: at, message: `Enum "${f.key}" needs options` });
    }
    if (f.optionLabels !== undefined) violations.push(...optionLabelViolations(f, at));
    if (f.pattern !== undefined) {
      if (f.type !== 'text' && f.type !== 'long_text') {
        violations.push({ code: 'SCHEMA_PATTERN_NOT_ALLOWED', field: at, message: 'A pattern applies to text fields only' });
      }
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        violations.push({ code: 'SCHEMA_INVALID_PATTERN', field: at, message: `Invalid pattern for "${f.key}"` });
      }
    }
    // A sensitive value is stored only encrypted (a fresh IV each time), so the register cannot compare it for uniqueness.
    if (f.sensitive && f.unique) violations.push({ code: 'SCHEMA_SENSITIVE_NOT_UNIQUE', field: at, message: `"${f.key}" cannot be both sensitive and unique` });
    if (f.sensitive && (REFERENCE_FIELD_TYPES as readonly string[]).includes(f.type)) violations.push({ code: 'SCHEMA_SENSITIVE_REFERENCE', field: at, message: `"${f.key}": references cannot be sensitive` });
    if (f.default !== undefined && f.default !== null) {
      const r = validateValue(f, f.default);
      if (!r.ok) violations.push({ code: 'SCHEMA_INVALID_DEFAULT', field: at, message: `Default of "${f.key}": ${r.message}` });
    }
  });
  violations.push(...monitorViolations(schema));
  return violations.length ? reject(...violations) : accept([...schema]);
}

/**
 * Labels of an enum's options: at most one per option, for options the field has (a label of a value that cannot be
 * stored would never show), each with text, and no two alike (people could not tell those options apart).
 */
function optionLabelViolations(f: FieldDefinition, at: string): Violation[] {
  if (f.type !== 'enum') return [{ code: 'SCHEMA_OPTION_LABELS_NOT_ALLOWED', field: at, message: `"${f.key}": option labels apply to enum fields only` }];
  const violations: Violation[] = [];
  const options = new Set(f.options ?? []);
  const seen = new Map<string, string>();
  for (const [value, label] of Object.entries(f.optionLabels ?? {})) {
    if (!options.has(value)) violations.push({ code: 'SCHEMA_UNKNOWN_OPTION_LABEL', field: at, message: `"${f.key}" has no option "${value}" to label` });
    if (typeof label !== 'string' || label.trim() === '') {
      violations.push({ code: 'SCHEMA_EMPTY_OPTION_LABEL', field: at, message: `"${f.key}": the label of "${value}" is empty` });
      continue;
    }
    const other = seen.get(label.trim());
    if (other !== undefined) violations.push({ code: 'SCHEMA_DUPLICATE_OPTION_LABEL', field: at, message: `"${f.key}": "${other}" and "${value}" have the same label "${label.trim()}"` });
    seen.set(label.trim(), value);
  }
  return violations;
}
