/**
 * Which attachments must be kept (ITAM guide §2.2.4, Table 2.2: the information of each stage, and the proof of
 * disposal and of data handling, is retained). An asset's attachment is kept — it cannot be deleted, and a deleted one's
 * content is not purged — while
 * - a lifecycle transition recorded on that asset names it in its evidence (the web app's proof fields write
 *   "certificate.pdf (attachment <id>, SHA-256 …)"; any evidence text holding the id counts, in any case), or
 * - the asset is on legal hold (its stage is of kind `hold`): everything kept with it stays as it is until released.
 * Evidence is checked first: it keeps the file for good, a hold only while it lasts. Only the asset's own transitions
 * count, so a transition cannot pin a file kept with another record.
 */

/** Why an attachment is kept: the stable code a refused deletion answers with, and the reason shown to people. */
export interface AttachmentRetention {
  code: 'ATTACHMENT_IS_EVIDENCE' | 'ATTACHMENT_ON_LEGAL_HOLD';
  reason: string;
}

/** What the rule needs of a transition recorded on the asset. */
export interface RecordedTransition {
  /** The transition's name in its model ("Dispose"), else its key. */
  name: string;
  /** The organisation's date it was recorded on (YYYY-MM-DD), shown in the reason. */
  performedOn: string;
  evidence: unknown;
}

/** What the rule needs of the asset the attachment is kept with. */
export interface RetentionSubject {
  /** Kind of the asset's current stage; `undefined` when unknown (a stage no longer in its model). */
  stageKind: string | undefined;
  /** The current stage's name, for the reason ("Legal hold"). */
  stageName: string;
  /** The asset's transitions, oldest first. */
  transitions: readonly RecordedTransition[];
}

/** Whether evidence (a transition's field values, however nested) names the attachment: some text holding its id. */
export function evidenceNames(evidence: unknown, attachmentId: string): boolean {
  const id = attachmentId.toLowerCase();
  const seen = (value: unknown): boolean => {
    if (typeof value === 'string') return value.toLowerCase().includes(id);
    if (Array.isArray(value)) return value.some(seen);
    if (value && typeof value === 'object') return Object.values(value).some(seen);
    return false;
  };
  return id.length > 0 && seen(evidence);
}

/** Why the asset's attachment `attachmentId` must be kept, or `null` when it may be deleted and, once deleted, purged. */
export function attachmentRetention(attachmentId: string, subject: RetentionSubject): AttachmentRetention | null {
  const cited = subject.transitions.find((t) => evidenceNames(t.evidence, attachmentId));
  if (cited) {
    return { code: 'ATTACHMENT_IS_EVIDENCE', reason: `It is the evidence of the transition "${cited.name}" recorded on ${cited.performedOn}, and evidence is kept` };
  }
  if (subject.stageKind === 'hold') {
    return { code: 'ATTACHMENT_ON_LEGAL_HOLD', reason: `The asset is on legal hold (${subject.stageName}): what is kept with it stays until the hold is released` };
  }
  return null;
}
