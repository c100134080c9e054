/**
 * When an assigned asset should come back. It belongs to an assignment: it comes with an assignee, and, when
 * `startsOn` is given, on or after the day the assignment starts (for one starting now, the earliest today anywhere:
 * see `todayAnywhere`, the person's own today is never refused). Registering a loan that began earlier (`startsOn`
 * null) keeps a date already passed: the loan is overdue. Returns the problem (code and message), or null.
 */
export function expectedReturnProblem(
  expectedReturn: string | null | undefined,
  assigneeId: string | null | undefined,
  startsOn: string | null,
): { code: 'RETURN_DATE_WITHOUT_ASSIGNEE' | 'RETURN_BEFORE_ASSIGNMENT_START'; message: string } | null {
  if (!expectedReturn) return null;
  if (!assigneeId) return { code: 'RETURN_DATE_WITHOUT_ASSIGNEE', message: 'An expected return date needs an assignee' };
  if (startsOn !== null && expectedReturn < startsOn) return { code: 'RETURN_BEFORE_ASSIGNMENT_START', message: `The expected return date cannot be before the assignment starts (${startsOn})` };
  return null;
}
