import { isIP } from './ip.js';
import type { FieldDefinition } from './field-types.js';
import { DEFAULT_MAX_TEXT, LONG_TEXT_MAX, normaliseText, textProblem } from '../text/safe-text.js';
import { isCalendarDate } from '../register/dates.js';
import { isCurrencyCode } from '../register/currency.js';

export type ValueResult = { ok: true; value: unknown } | { ok: false; code: string; message: string };

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const MAC = /^[0-9A-F]{2}([:-]?)[0-9A-F]{2}(\1[0-9A-F]{2}){4}$/i;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const bad = (code: string, message: string): ValueResult => ({ ok: false, code, message });

function checkText(field: FieldDefinition, raw: unknown, max: number): ValueResult {
  if (typeof raw !== 'string') return bad('ATTRIBUTE_TYPE_MISMATCH', `${field.label} must be text`);
  const problem = textProblem(raw, max);
  if (problem) return bad(`TEXT_${problem}`, `${field.label}: ${problem.toLowerCase().replace('_', ' ')}`);
  const value = normaliseText(raw);
  if (field.pattern !== undefined && !new RegExp(field.pattern, 'u').test(value)) {
    return bad('ATTRIBUTE_PATTERN_MISMATCH', `${field.label} does not match the required pattern`);
  }
  return { ok: true, value };
}

function checkNumber(field: FieldDefinition, raw: unknown, integer: boolean): ValueResult {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    return bad('ATTRIBUTE_TYPE_MISMATCH', `${field.label} must be a finite number`);
  }
  if (integer && !Number.isSafeInteger(raw)) return bad('ATTRIBUTE_TYPE_MISMATCH', `${field.label} must be a whole number`);
  if (field.min !== undefined && raw < field.min) return bad('ATTRIBUTE_OUT_OF_RANGE', `${field.label} must be ≥ ${field.min}`);
  if (field.max !== undefined && raw > field.max) return bad('ATTRIBUTE_OUT_OF_RANGE', `${field.label} must be ≤ ${field.max}`);
  return { ok: true, value: raw };
}

/** Validates and normalises one attribute value against its definition. `null` is handled by the caller. */
export function validateValue(field: FieldDefinition, raw: unknown): ValueResult {
  switch (field.type) {
    case 'text':
      return checkText(field, raw, DEFAULT_MAX_TEXT);
    case 'long_text':
      return checkText(field, raw, LONG_TEXT_MAX);
    case 'number':
      return checkNumber(field, raw, false);
    case 'integer':
      return checkNumber(field, raw, true);
    case 'money': {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return bad('ATTRIBUTE_TYPE_MISMATCH', `${field.label} must be {amountMinor, currency}`);
      }
      const { amountMinor, currency, ...rest } = raw as Record<string, unknown>;
      if (Object.keys(rest).length > 0) return bad('ATTRIBUTE_TYPE_MISMATCH', `${field.label} has unknown keys`);
      if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor)) {
        return bad('ATTRIBUTE_TYPE_MISMATCH', `${field.label}.amountMinor must be an integer in minor units`);
      }
      if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
        return bad('ATTRIBUTE_INVALID_CURRENCY', `${field.label}.currency must be an ISO 4217 code`);
      }
      return { ok: true, value: { amountMinor, currency } };
    }
    case 'date':
      if (typeof raw !== 'string' || !isCalendarDate(raw)) return bad('ATTRIBUTE_INVALID_DATE', `${field.label} must be a date YYYY-MM-DD`);
      return { ok: true, value: raw };
    case 'boolean':
      if (typeof raw !== 'boolean') return bad('ATTRIBUTE_TYPE_MISMATCH', `${field.label} must be true or false`);
      return { ok: true, value: raw };
    case 'enum':
      if (typeof raw !== 'string' || !(field.options ?? []).includes(raw)) {
        return bad('ATTRIBUTE_NOT_IN_OPTIONS', `${field.label} must be one of: ${(field.options ?? []).join(', ')}`);
      }
      return { ok: true, value: raw };
    case 'url': {
      if (typeof raw !== 'string' || textProblem(raw, 2048)) return bad('ATTRIBUTE_INVALID_URL', `${field.label} must be a URL`);
      // Only http and https: anything else (javascript:, data:, file:) could run or read in a browser.
      if (!/^https?:\/\//i.test(raw)) return bad('ATTRIBUTE_INVALID_URL', `${field.label} must start with http:// or https://`);
      try {
        const url = new URL(raw);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
        return { ok: true, value: url.toString() };
      } catch {
        return bad('ATTRIBUTE_INVALID_URL', `${field.label} is not a valid URL`);
      }
    }
    case 'email':
      if (typeof raw !== 'string' || raw.length > 254 || !EMAIL.test(raw.trim())) {
        return bad('ATTRIBUTE_INVALID_EMAIL', `${field.label} must be an e-mail address`);
      }
      return { ok: true, value: raw.trim().toLowerCase() };
    case 'ip':
      if (typeof raw !== 'string' || !isIP(raw.trim())) return bad('ATTRIBUTE_INVALID_IP', `${field.label} must be an IPv4 or IPv6 address`);
      return { ok: true, value: raw.trim().toLowerCase() };
    case 'mac': {
      if (typeof raw !== 'string' || !MAC.test(raw.trim())) return bad('ATTRIBUTE_INVALID_MAC', `${field.label} must be a MAC address`);
      const hex = raw.trim().replace(/[:-]/g, '').toUpperCase();
      return { ok: true, value: hex.match(/../g)!.join(':') };
    }
    case 'person_ref':
    case 'location_ref':
    case 'asset_ref':
      if (typeof raw !== 'string' || !ID.test(raw)) return bad('ATTRIBUTE_INVALID_REFERENCE', `${field.label} must be an id`);
      return { ok: true, value: raw };
  }
}
