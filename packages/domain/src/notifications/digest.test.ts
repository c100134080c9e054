import { describe, expect, it } from 'vitest';
import {
  DIGEST_ITEMS_PER_SECTION, DIGEST_SECTIONS, type DigestInput, type DigestRow, composeDigest, digestDueBefore, digestHourReached, digestSectionsFor, digestSubject, hourOf,
} from './digest.js';

const today = '2026-12-21';
const row = (id: string, date: string, tag: string | null = id.toUpperCase()): DigestRow => ({ id, tag, name: `Name ${id}`, date });
const base = (over: Partial<DigestInput> = {}): DigestInput => ({ chosen: [...DIGEST_SECTIONS], allowed: [...DIGEST_SECTIONS], login: 'ana', personId: 'p-ana', ...over });

describe('daily attention digest', () => {
  it('nothing due: no digest (no mail for an empty digest)', () => {
    expect(composeDigest(base(), today)).toBeNull();
    expect(composeDigest(base({ discrepancies: { total: 0, rows: [] }, auditPlans: [], overdueLoans: { total: 0, rows: [] }, keyDates: [], myAssignments: [] }), today)).toBeNull();
  });

  it('a section needs both the account\'s choice and its permission', () => {
    const loans = { total: 1, rows: [row('a1', '2026-12-01')] };
    expect(composeDigest(base({ overdueLoans: loans }), today)?.sections.map((s) => s.key)).toEqual(['overdueLoans']);
    expect(composeDigest(base({ overdueLoans: loans, chosen: ['discrepancies'] }), today)).toBeNull();
    expect(composeDigest(base({ overdueLoans: loans, allowed: ['myOverdueReturns'] }), today)).toBeNull();
  });

  it('sections by permission held', () => {
    expect(digestSectionsFor(new Set(['self', 'self.assets']))).toEqual(['myOverdueReturns']);
    expect(digestSectionsFor(new Set(['assets.read', 'audits.read']))).toEqual(['auditPlans', 'overdueLoans', 'keyDates']);
    expect(digestSectionsFor(new Set(['discovery.read', 'audits.read', 'assets.read', 'self.assets']))).toEqual([...DIGEST_SECTIONS]);
  });

  it('discrepancies: the database count, soonest first, overdue flagged, at most ten listed, each linked', () => {
    const rows = Array.from({ length: 12 }, (_, i) => row(`d${i}`, i < 2 ? '2026-12-19' : '2026-12-22', null));
    const d = composeDigest(base({ discrepancies: { total: 14, rows: [...rows].reverse() } }), today)!;
    expect(d.count).toBe(14);
    const s = d.sections[0]!;
    expect(s).toMatchObject({ key: 'discrepancies', count: 14, lists: [{ path: '/discrepancies?status=open', count: 14 }] });
    expect(s.items).toHaveLength(DIGEST_ITEMS_PER_SECTION);
    expect(s.items.slice(0, 3).map((i) => [i.id, i.overdue])).toEqual([['d0', true], ['d1', true], ['d10', false]]);
    expect(s.items[0]!.path).toBe('/discrepancies?item=d0');
  });

  it('the look-ahead windows: 3 days for discrepancies, 7 for audits, both ends inclusive', () => {
    expect(digestDueBefore('discrepancies', today)).toBe('2026-12-25');
    expect(digestDueBefore('auditPlans', today)).toBe('2026-12-29');
    const d = composeDigest(base({ discrepancies: { total: 1, rows: [row('in', '2026-12-24'), row('out', '2026-12-25')] } }), today)!;
    expect(d.sections[0]!.items.map((i) => i.id)).toEqual(['in']);
  });

  it('audit plans: only those the account is assigned to, by login or by its person, within 7 days or overdue', () => {
    const plans = [
      { ...row('p1', '2026-12-28', null), assignees: ['ana'] },
      { ...row('p2', '2026-12-10', null), assignees: ['p-ana', 'ben'] },
      { ...row('p3', '2026-12-22', null), assignees: ['ben'] },
      { ...row('p4', '2026-12-29', null), assignees: ['ana'] },
      { ...row('p5', '2026-12-22', null), assignees: [] },
    ];
    const s = composeDigest(base({ auditPlans: plans }), today)!.sections[0]!;
    expect(s).toMatchObject({ key: 'auditPlans', count: 2 });
    expect(s.items.map((i) => [i.id, i.overdue, i.path])).toEqual([['p2', true, '/audits/p2'], ['p1', false, '/audits/p1']]);
    // Another account with the same person id is not "ana" unless linked to her person.
    expect(composeDigest(base({ auditPlans: plans, login: 'zoe', personId: null }), today)).toBeNull();
  });

  it('key dates: one section, one link per list, the count adding the lists up', () => {
    const keyDates = [
      { label: 'Warranty ends within 90 days', filter: 'keyDate=warranty_ending', total: 3, rows: [row('w1', '2027-01-05'), row('w2', '2026-12-21')] },
      { label: 'End of life within 90 days', filter: 'keyDate=end_of_life_soon', total: 0, rows: [] },
      { label: 'Lease ends (Laptop)', filter: 'monitoredDate=laptop.lease_end.soon', total: 1, rows: [row('l1', '2026-12-30')] },
    ];
    const s = composeDigest(base({ keyDates }), today)!.sections[0]!;
    expect(s.count).toBe(4);
    expect(s.items.map((i) => [i.tag, i.path])).toEqual([['W2', '/assets/w2'], ['L1', '/assets/l1'], ['W1', '/assets/w1']]);
    expect(s.lists).toEqual([
      { label: 'Warranty ends within 90 days', path: '/assets?keyDate=warranty_ending', count: 3 },
      { label: 'Lease ends (Laptop)', path: '/assets?monitoredDate=laptop.lease_end.soon', count: 1 },
    ]);
  });

  it('my overdue returns: only assignments whose expected return is before today', () => {
    const myAssignments = [{ id: 'm1', tag: 'M1', name: 'Laptop', date: '2026-12-20' }, { id: 'm2', tag: 'M2', name: 'Phone', date: today }, { id: 'm3', tag: 'M3', name: 'Dock', date: null }];
    const d = composeDigest(base({ myAssignments }), today)!;
    expect(d.sections).toEqual([{ key: 'myOverdueReturns', title: 'Assets you should have given back', count: 1, items: [{ id: 'm1', tag: 'M1', name: 'Laptop', date: '2026-12-20', overdue: true, path: '/me' }], lists: [{ label: 'My assets', path: '/me', count: 1 }] }]);
    expect(digestSubject(d)).toBe('Custodia: 1 item needs your attention (2026-12-21)');
  });

  it('sections keep the fixed order and the subject counts every item', () => {
    const d = composeDigest(base({
      myAssignments: [{ id: 'm1', tag: 'M1', name: 'Laptop', date: '2026-12-20' }],
      overdueLoans: { total: 2, rows: [row('a1', '2026-12-01'), row('a2', '2026-11-01')] },
    }), today)!;
    expect(d.sections.map((s) => s.key)).toEqual(['overdueLoans', 'myOverdueReturns']);
    expect(d.sections[0]!.items.map((i) => i.id)).toEqual(['a2', 'a1']);
    expect(digestSubject(d)).toBe('Custodia: 3 items need your attention (2026-12-21)');
  });

  it('the digest hour is of the organisation\'s zone', () => {
    const at = new Date('2026-12-21T20:30:00Z');
    expect(hourOf(at, 'UTC')).toBe(20);
    expect(hourOf(at, 'Australia/Sydney')).toBe(7);
    expect(hourOf(at, 'Asia/Kolkata')).toBe(2);
    expect(digestHourReached(at, 'Australia/Sydney', 7)).toBe(true);
    expect(digestHourReached(at, 'Australia/Sydney', 8)).toBe(false);
    expect(digestHourReached(at, 'UTC', 0)).toBe(true);
  });
});
