import { AppError, type ErrorCode, type FieldError } from '@custodia/contracts';
import type { Violation } from '@custodia/domain';

/** Turns a rule's violations into the API error that fits them best. */
export function violationsError(violations: Violation[], fallback: ErrorCode = 'VALIDATION_FAILED'): AppError {
  const errors: FieldError[] = violations.map((v) => ({ code: v.code, message: v.message, ...(v.field ? { field: v.field } : {}) }));
  const first = violations[0];
  let code: ErrorCode = fallback;
  if (first?.code === 'LIFECYCLE_TRANSITION_NOT_ALLOWED') code = 'LIFECYCLE_TRANSITION_NOT_ALLOWED';
  else if (first?.code.startsWith('LIFECYCLE_GUARD_')) code = 'LIFECYCLE_GUARD_FAILED';
  else if (first?.code === 'LIFECYCLE_UNKNOWN_TRANSITION') code = 'VALIDATION_FAILED';
  return new AppError(code, first?.message, { errors });
}
