import { describe, expect, it } from 'vitest';
import {
  HOLDER_REPORT_OUTCOMES, HOLDER_REPORT_REASONS, HOLDER_REPORT_REASON_KEYS, MAX_OPEN_HOLDER_REPORTS, holderReportKey, holderReportOutcome,
  holderReportReason, holderReportSummary, isHolderReportReason,
} from './holder-reports.js';
import { RESOLUTION_KEYS, resolutionsFor } from './staleness.js';

describe('reasons a holder gives', () => {
  it('are listed once, in the order offered, the ones that say too little asking for a message', () => {
    expect(HOLDER_REPORT_REASONS.map((r) => r.key)).toEqual([...HOLDER_REPORT_REASON_KEYS]);
    expect(HOLDER_REPORT_REASON_KEYS).toEqual(['not_mine', 'returned', 'details_wrong', 'lost_or_stolen', 'other']);
    expect(HOLDER_REPORT_REASONS.filter((r) => r.messageRequired).map((r) => r.key)).toEqual(['details_wrong', 'other']);
  });

  it.each(HOLDER_REPORT_REASONS.map((r) => [r.key, r]))('%s has words for the holder and a title for the asset team', (key, r) => {
    expect(r.label.length).toBeGreaterThan(5);
    expect(r.title.length).toBeGreaterThan(3);
    expect(holderReportReason(key)).toBe(r);
  });

  it('labels and titles are each distinct, so a choice reads as one thing', () => {
    expect(new Set(HOLDER_REPORT_REASONS.map((r) => r.label)).size).toBe(HOLDER_REPORT_REASONS.length);
    expect(new Set(HOLDER_REPORT_REASONS.map((r) => r.title)).size).toBe(HOLDER_REPORT_REASONS.length);
  });

  it('knows its own keys only', () => {
    expect(HOLDER_REPORT_REASON_KEYS.every(isHolderReportReason)).toBe(true);
    for (const v of ['', 'NOT_MINE', 'broken', null, 3, 'toString', '__proto__']) expect(isHolderReportReason(v)).toBe(false);
  });

  it('a person may have a bounded number of reports open', () => {
    expect(MAX_OPEN_HOLDER_REPORTS).toBe(20);
  });
});

describe('the summary an asset manager reads', () => {
  const base = { personName: 'Léa Martin', tag: 'LAP-000123', assetName: 'ThinkPad', message: null };
  it.each([
    ['not_mine', 'Léa Martin says LAP-000123 (ThinkPad) is not theirs'],
    ['returned', 'Léa Martin says they gave LAP-000123 (ThinkPad) back'],
    ['details_wrong', 'Léa Martin says the register\'s details of LAP-000123 (ThinkPad) are wrong'],
    ['lost_or_stolen', 'Léa Martin reports LAP-000123 (ThinkPad) lost or stolen'],
    ['other', 'Léa Martin reports a problem with LAP-000123 (ThinkPad)'],
  ] as const)('%s → %s', (reason, text) => {
    expect(holderReportSummary({ ...base, reason })).toBe(text);
  });

  it('quotes the message on one line, cut short when long (the evidence keeps it whole)', () => {
    expect(holderReportSummary({ ...base, reason: 'not_mine', message: 'I use a\nMacBook only ' })).toBe('Léa Martin says LAP-000123 (ThinkPad) is not theirs: “I use a MacBook only”');
    const long = holderReportSummary({ ...base, reason: 'other', message: 'x'.repeat(1000) });
    expect(long).toMatch(/: “x+…”$/);
    expect(long.length).toBeLessThan(250);
    expect(holderReportSummary({ ...base, reason: 'returned', message: '   ' })).toBe('Léa Martin says they gave LAP-000123 (ThinkPad) back');
  });

  it('names an asset whose name is its tag once', () => {
    expect(holderReportSummary({ ...base, assetName: 'LAP-000123', reason: 'lost_or_stolen' })).toBe('Léa Martin reports LAP-000123 lost or stolen');
  });

  it('keys one open report per asset and person', () => {
    expect(holderReportKey('a1', 'p1')).toBe('reported_by_holder:a1:p1');
    expect(holderReportKey('a1', 'p2')).not.toBe(holderReportKey('a1', 'p1'));
  });
});

describe('what the holder is told once the report is settled', () => {
  it('each resolution of the kind has its own status line, without the team\'s note', () => {
    const offered = resolutionsFor('reported_by_holder');
    expect(Object.keys(HOLDER_REPORT_OUTCOMES).sort()).toEqual([...offered].sort());
    expect(new Set(offered.map(holderReportOutcome)).size).toBe(offered.length);
  });

  it('a report settled by a correction by hand says so', () => {
    expect(holderReportOutcome('corrected')).toBe('The IT asset team corrected the register.');
  });

  it('anything else, or no resolution (settled by the system), reads as closed', () => {
    expect(holderReportOutcome(null)).toBe('The IT asset team closed your report.');
    for (const r of RESOLUTION_KEYS.filter((k) => !resolutionsFor('reported_by_holder').includes(k))) expect(holderReportOutcome(r)).toBe('The IT asset team closed your report.');
  });
});
