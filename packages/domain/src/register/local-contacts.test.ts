import { describe, expect, it } from 'vitest';
import { MAX_LOCAL_CONTACTS, addedContactPeople, localContactProblems, nearestLocalContacts } from './local-contacts.js';

const contact = (personId: string, role = 'site IT contact') => ({ personId, role, phone: null, notes: null });
const everyone = () => true;

describe('nearestLocalContacts', () => {
  const room = { id: 'room', contacts: [] };
  const building = { id: 'building', contacts: [contact('ada'), contact('bob', 'receptionist')] };
  const site = { id: 'site', contacts: [contact('eve', 'facilities')] };

  it('a place with contacts answers its own, not inherited', () => {
    expect(nearestLocalContacts([building, site], everyone)).toEqual({ from: 'building', inherited: false, contacts: building.contacts });
  });

  it('a place without contacts inherits the nearest ancestor\'s that has some, not a farther one', () => {
    expect(nearestLocalContacts([room, building, site], everyone)).toEqual({ from: 'building', inherited: true, contacts: building.contacts });
    expect(nearestLocalContacts([room, { id: 'floor', contacts: [] }, { id: 'building', contacts: [] }, site], everyone))
      .toEqual({ from: 'site', inherited: true, contacts: site.contacts });
  });

  it('nobody anywhere up the chain, or no place at all: null', () => {
    expect(nearestLocalContacts([room, { id: 'site', contacts: [] }], everyone)).toBeNull();
    expect(nearestLocalContacts([], everyone)).toBeNull();
  });

  it('people who left are left out; a place whose contacts all left counts as having none', () => {
    const active = (id: string) => id !== 'ada';
    expect(nearestLocalContacts([building], active)).toEqual({ from: 'building', inherited: false, contacts: [contact('bob', 'receptionist')] });
    const onlyAda = { id: 'room', contacts: [contact('ada')] };
    expect(nearestLocalContacts([onlyAda, site], active)).toEqual({ from: 'site', inherited: true, contacts: site.contacts });
  });
});

describe('localContactProblems', () => {
  it('accepts distinct people, and one person in several roles', () => {
    expect(localContactProblems([contact('ada'), contact('ada', 'facilities'), contact('bob')])).toEqual([]);
    expect(localContactProblems([])).toEqual([]);
  });

  it('refuses one person twice in one role, case and spacing aside, at the repeated position', () => {
    expect(localContactProblems([contact('ada', 'Receptionist'), contact('bob'), contact('ada', ' receptionist ')]))
      .toEqual([expect.objectContaining({ code: 'DUPLICATE_CONTACT', field: 'contacts.2' })]);
  });

  it(`refuses more than ${MAX_LOCAL_CONTACTS}`, () => {
    const many = Array.from({ length: MAX_LOCAL_CONTACTS + 1 }, (_, i) => contact(`p${i}`));
    expect(localContactProblems(many)).toEqual([expect.objectContaining({ code: 'TOO_MANY_CONTACTS', field: 'contacts' })]);
    expect(localContactProblems(many.slice(1))).toEqual([]);
  });
});

describe('addedContactPeople', () => {
  it('is the people not listed before, once each, whatever their roles', () => {
    expect(addedContactPeople([contact('ada')], [contact('ada', 'facilities'), contact('bob'), contact('bob', 'receptionist')])).toEqual(['bob']);
    expect(addedContactPeople([contact('ada'), contact('bob')], [contact('bob')])).toEqual([]);
  });
});
