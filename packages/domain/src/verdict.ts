/** A rule's answer: either the value it computed, or a stable code with a reason. Rules never throw for expected outcomes. */
export type Violation = { code: string; message: string; field?: string; details?: Record<string, unknown> };
export type Verdict<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

export const accept = <T>(value: T): Verdict<T> => ({ ok: true, value });
export const reject = <T = never>(...violations: Violation[]): Verdict<T> => ({ ok: false, violations });
