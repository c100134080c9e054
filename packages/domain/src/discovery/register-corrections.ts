import type { EventAction, EventSource } from '../history/event.js';

/**
 * What counts as a correction of an asset's register record by a person, for the `corrected` resolution of a
 * discrepancy: a history event of the asset, written after the discrepancy was raised (in a later change), that
 * changes its record — an edit, a lifecycle transition (a check-in, a reassignment, a recovery), an assignment, a
 * move, an import updating it, a change of lifecycle model — made by a person, over the API, the CLI or an import.
 *
 * Left out, so that "corrected" is not accepted on the strength of what no one did: an agent's inventory and the
 * jobs (discovery refreshes the fields it owns and the last-verified date of every asset it hears from), the
 * holder's acknowledgement of receipt (it confirms the assignment, it corrects nothing), and attachments (a file
 * added says nothing of the record). A last-verified date set by a person — by hand, or by an audit they closed that
 * saw the asset — is a change of the record and counts.
 */
export const REGISTER_CORRECTION_ACTIONS = ['update', 'transition', 'assign', 'unassign', 'imac', 'import', 'migrate_model'] as const satisfies readonly EventAction[];

/** Sources of a person's change; `agent`, `job` and `system` are Custodia's own work or a machine's. */
export const REGISTER_CORRECTION_SOURCES = ['api', 'cli', 'import', 'web'] as const satisfies readonly EventSource[];

/** Why `corrected` was refused: the asset is named by its tag, and the way forward is said. */
export const notCorrectedMessage = (tag: string): string =>
  `Nothing was changed on ${tag} since this was raised: correct the register first, or choose another resolution`;
