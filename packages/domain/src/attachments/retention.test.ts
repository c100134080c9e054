import { describe, expect, it } from 'vitest';
import { STAGE_KINDS } from '../lifecycle/model.js';
import { type RecordedTransition, attachmentRetention, evidenceNames } from './retention.js';

const ID = '01937a4e-7c1b-7d2e-9f00-123456789abc';
const OTHER = '01937a4e-7c1b-7d2e-9f00-cba987654321';
const dispose = (proof: string): RecordedTransition => ({
  name: 'Dispose', performedOn: '2026-11-25',
  evidence: { disposed_on: '2026-11-25', disposal_reason: 'obsolete', disposal_method: 'destruction', proof_reference: proof },
});
const decommission: RecordedTransition = {
  name: 'Decommission', performedOn: '2026-11-20',
  evidence: { decommissioned_on: '2026-11-20', data_handling: 'wiped_per_policy', handling_proof_reference: `wipe.pdf (attachment ${ID}, SHA-256 0123456789ab…)` },
};
const inStock = { stageKind: 'available', stageName: 'In stock' };

describe('evidenceNames', () => {
  it('finds the id in any text of the evidence, as the web app writes it or typed bare, in any case, however nested', () => {
    expect(evidenceNames(decommission.evidence, ID)).toBe(true);
    expect(evidenceNames({ proof_reference: ID }, ID)).toBe(true);
    expect(evidenceNames({ proof_reference: `See ${ID.toUpperCase()} in the archive` }, ID)).toBe(true);
    expect(evidenceNames({ note: ['x', { deeper: `attachment ${ID}` }] }, ID)).toBe(true);
  });

  it('ignores other ids, numbers, empty evidence and an empty id', () => {
    expect(evidenceNames(decommission.evidence, OTHER)).toBe(false);
    expect(evidenceNames({ proof_reference: 'CERT-0042', count: 3, ok: true, none: null }, ID)).toBe(false);
    expect(evidenceNames({}, ID)).toBe(false);
    expect(evidenceNames(null, ID)).toBe(false);
    expect(evidenceNames(decommission.evidence, '')).toBe(false);
  });
});

describe('attachmentRetention', () => {
  it('keeps the proof a recorded transition names, saying which transition and when', () => {
    expect(attachmentRetention(ID, { ...inStock, transitions: [decommission] })).toEqual({
      code: 'ATTACHMENT_IS_EVIDENCE', reason: 'It is the evidence of the transition "Decommission" recorded on 2026-11-20, and evidence is kept',
    });
  });

  it('names the first transition that cites the file', () => {
    const r = attachmentRetention(ID, { ...inStock, transitions: [dispose('CERT-1'), decommission, dispose(`attachment ${ID}`)] });
    expect(r?.reason).toContain('"Decommission"');
  });

  it('lets a file go that no transition names, on an asset in any stage but a hold (and keeps a cited one in every stage)', () => {
    for (const kind of STAGE_KINDS.filter((k) => k !== 'hold')) {
      expect(attachmentRetention(ID, { stageKind: kind, stageName: kind, transitions: [dispose('CERT-1'), decommission] }), kind).toMatchObject({ code: 'ATTACHMENT_IS_EVIDENCE' });
      expect(attachmentRetention(OTHER, { stageKind: kind, stageName: kind, transitions: [dispose('CERT-1'), decommission] }), kind).toBeNull();
      expect(attachmentRetention(ID, { stageKind: kind, stageName: kind, transitions: [] }), kind).toBeNull();
    }
    expect(attachmentRetention(ID, { stageKind: undefined, stageName: 'gone', transitions: [] })).toBeNull();
  });

  it('keeps every file of an asset on legal hold, naming the stage', () => {
    expect(attachmentRetention(OTHER, { stageKind: 'hold', stageName: 'Legal hold', transitions: [decommission] })).toEqual({
      code: 'ATTACHMENT_ON_LEGAL_HOLD', reason: 'The asset is on legal hold (Legal hold): what is kept with it stays until the hold is released',
    });
  });

  it('answers evidence before a hold: evidence is kept for good, a hold only while it lasts', () => {
    expect(attachmentRetention(ID, { stageKind: 'hold', stageName: 'Legal hold', transitions: [decommission] })?.code).toBe('ATTACHMENT_IS_EVIDENCE');
  });
});
