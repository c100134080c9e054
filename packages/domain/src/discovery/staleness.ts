import { parseInstant } from './field-authority.js';

/**
 * Discrepancies between the register and what discovery or an audit saw, and how people may resolve each kind.
 * Both lists and the table between them are data: the API offers a discrepancy's `allowedResolutions` from here.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * True when the device was last seen `days` or more days before `now`, or never (null or an unreadable time): it
 * counts as not seen from the moment the full period has passed.
 */
export function notSeenSince(lastSeenAt: string | null, now: Date, days: number): boolean {
  const seen = lastSeenAt === null ? null : parseInstant(lastSeenAt);
  if (seen === null) return true;
  return now.getTime() - seen >= days * DAY_MS;
}

export const DISCREPANCY_KIND_KEYS = [
  'unregistered', 'not_seen', 'attribute_mismatch', 'unauthorised_software', 'duplicate_candidate',
  'audit_missing', 'audit_unexpected', 'audit_wrong_location', 'reported_again', 'reported_by_holder', 'location_mismatch',
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KIND_KEYS)[number];

export const RESOLUTION_KEYS = ['link_asset', 'register_asset', 'accept_discovered', 'corrected', 'keep_register', 'mark_missing', 'ignore_until', 'dismiss'] as const;
export type Resolution = (typeof RESOLUTION_KEYS)[number];

export interface DiscrepancyKindInfo {
  key: DiscrepancyKind;
  title: string;
  description: string;
  /** The resolutions a person may choose, in the order offered. */
  resolutions: readonly Resolution[];
}

export interface ResolutionInfo {
  key: Resolution;
  title: string;
  /** What the request must carry besides the choice: the asset meant, the date to ignore until, a note saying why. */
  requires: readonly ('asset' | 'date' | 'note')[];
}

export const RESOLUTIONS: readonly ResolutionInfo[] = [
  { key: 'link_asset', title: 'It is this registered asset', requires: ['asset'] },
  { key: 'register_asset', title: 'Register it as a new asset', requires: [] },
  { key: 'accept_discovered', title: 'The discovered value is right: update the register', requires: [] },
  { key: 'corrected', title: 'Corrected in the register', requires: ['note'] },
  { key: 'keep_register', title: 'The register is right: keep its value', requires: ['note'] },
  { key: 'mark_missing', title: 'Report the asset missing', requires: [] },
  { key: 'ignore_until', title: 'Ignore until a date', requires: ['date', 'note'] },
  { key: 'dismiss', title: 'Dismiss: not a real discrepancy', requires: ['note'] },
];

/**
 * Kinds and their resolutions. The table:
 *
 * | kind                  | link | register | accept | corrected | keep | missing | ignore | dismiss |
 * |-----------------------|------|----------|--------|-----------|------|---------|--------|---------|
 * | unregistered          |  x   |    x     |        |           |      |         |   x    |    x    |
 * | not_seen              |      |          |        |           |      |    x    |   x    |    x    |
 * | attribute_mismatch    |      |          |   x    |     x     |  x   |         |   x    |         |
 * | unauthorised_software |      |          |        |           |      |         |   x    |    x    |
 * | duplicate_candidate   |  x   |    x     |        |           |      |         |   x    |         |
 * | audit_missing         |      |          |        |     x     |      |    x    |   x    |    x    |
 * | audit_unexpected      |      |    x     |   x    |           |      |         |        |    x    |
 * | audit_wrong_location  |      |          |   x    |     x     |  x   |         |   x    |         |
 * | reported_again        |      |          |        |     x     |  x   |         |   x    |    x    |
 * | reported_by_holder    |      |          |        |     x     |  x   |    x    |   x    |    x    |
 * | location_mismatch     |      |          |   x    |     x     |  x   |         |   x    |         |
 *
 * Reasons: a mismatch is settled by choosing a side (so no plain dismiss); a duplicate candidate must end as one asset
 * or two (link or register); unauthorised software disappears when it is removed from the device, otherwise it is an
 * accepted exception (ignore until) or a false match (dismiss); an item found by an audit is either a tag the register
 * does not know (register it) or an asset registered elsewhere (accept the location where it was found); an asset
 * registered as missing, lost or stolen that reports again is either recovered (moved on by a lifecycle transition:
 * corrected) or still gone — a stolen laptop online elsewhere — and the register stays as it is (keep, with why).
 * What an asset's holder reports is checked by a person, never applied by the report: the asset is marked missing,
 * lost or stolen (the lifecycle transition the holder could not run), or corrected by hand (checked in, reassigned,
 * a detail edited), or the register is right (keep, with why), or it is set aside, or dismissed: there is no
 * resolution that ends an assignment or edits a field from a report.
 * A device reporting from the network of another place than the one the register gives its asset is settled like a
 * mismatch: move the asset there (accept), move it elsewhere by hand (corrected), or keep the register (a laptop on a
 * visit), or set it aside; a device that reports from its registered place again settles it.
 *
 * `corrected` says that a person already fixed the register through the asset's own use cases (an edit, a lifecycle
 * transition, an assignment, a move), each with its history; it changes nothing by itself and says, in its required
 * note, what was changed. It is offered where a correction by hand is the natural outcome: a mismatch or a wrong
 * location fixed to a third value or by a move discovery or the audit did not propose; an asset the audit missed
 * that turned up elsewhere and was moved or reassigned in the register (one put back where the register already
 * places it changed nothing there: its last-verified date set by hand is the correction, or it is dismissed); a
 * missing asset recovered; a holder's report.
 * Not for a duplicate candidate: correcting the asset's identifier leaves the device linked to nothing, and the
 * candidate must still end as one asset or two (link it). Not for an unknown device or tag (nothing registered to
 * correct: link or register it), software on the deny list (removed from the device, not from the register), nor an
 * asset not seen (the transition it calls for runs from the queue, and a device that reports again settles it).
 * A subject closed as corrected is queued again if it still holds — a correction that did not remove the difference
 * is no decision to keep it.
 * `resolutionsForDiscrepancy` narrows a kind's list to what one discrepancy holds.
 */
export const DISCREPANCY_KINDS: readonly DiscrepancyKindInfo[] = [
  {
    key: 'unregistered', title: 'Device not in the register',
    description: 'Discovery reports a device that no registered asset matches.',
    resolutions: ['link_asset', 'register_asset', 'ignore_until', 'dismiss'],
  },
  {
    key: 'not_seen', title: 'Asset not seen by discovery',
    description: 'A registered asset has not been reported by discovery for longer than the configured period.',
    resolutions: ['mark_missing', 'ignore_until', 'dismiss'],
  },
  {
    key: 'attribute_mismatch', title: 'Register and discovery disagree',
    description: 'A field discovery may not overwrite differs from what discovery reports.',
    resolutions: ['accept_discovered', 'corrected', 'keep_register', 'ignore_until'],
  },
  {
    key: 'unauthorised_software', title: 'Unauthorised software installed',
    description: 'Discovery reports software that the deny list forbids.',
    resolutions: ['ignore_until', 'dismiss'],
  },
  {
    key: 'duplicate_candidate', title: 'Possible duplicate or different device',
    description: 'A device matched an asset on one identifier while another identifier disagrees.',
    resolutions: ['link_asset', 'register_asset', 'ignore_until'],
  },
  {
    key: 'audit_missing', title: 'Not found in the audit',
    description: 'An asset expected at the audited location was not found there.',
    resolutions: ['mark_missing', 'corrected', 'ignore_until', 'dismiss'],
  },
  {
    key: 'audit_unexpected', title: 'Found in the audit, not expected',
    description: 'The audit found an item that the register does not place at the audited location.',
    resolutions: ['register_asset', 'accept_discovered', 'dismiss'],
  },
  {
    key: 'audit_wrong_location', title: 'Found at another location',
    description: 'The audit found a registered asset somewhere other than its registered location.',
    resolutions: ['accept_discovered', 'corrected', 'keep_register', 'ignore_until'],
  },
  {
    key: 'reported_again', title: 'Missing or lost asset reported again',
    description: 'Discovery reports, or an audit finds, an asset the register holds as missing, lost or stolen: recover it, or keep it as it is.',
    resolutions: ['corrected', 'keep_register', 'ignore_until', 'dismiss'],
  },
  {
    key: 'reported_by_holder', title: 'Reported by the holder',
    description: 'The person the register assigns an asset to says the register is wrong about it: not theirs, given back, wrong details, lost or stolen.',
    resolutions: ['mark_missing', 'corrected', 'keep_register', 'ignore_until', 'dismiss'],
  },
  {
    key: 'location_mismatch', title: 'Reports from another location',
    description: 'A device reports addresses from the network ranges of a place other than its asset\'s registered location (or anywhere inside it).',
    resolutions: ['accept_discovered', 'corrected', 'keep_register', 'ignore_until'],
  },
];

const BY_KIND = new Map(DISCREPANCY_KINDS.map((k) => [k.key, k]));

/** The same table keyed by kind. */
export const RESOLUTIONS_BY_KIND: Readonly<Record<DiscrepancyKind, readonly Resolution[]>> = Object.fromEntries(
  DISCREPANCY_KINDS.map((k) => [k.key, k.resolutions]),
) as Record<DiscrepancyKind, readonly Resolution[]>;

/** The resolutions a person may choose for a discrepancy of this kind. */
export function resolutionsFor(kind: DiscrepancyKind): readonly Resolution[] {
  return BY_KIND.get(kind)?.resolutions ?? [];
}

export function isResolutionAllowed(kind: DiscrepancyKind, resolution: Resolution): boolean {
  return resolutionsFor(kind).includes(resolution);
}

/** What a discrepancy holds that decides which of its kind's resolutions can act on it. */
export interface DiscrepancySubject {
  kind: DiscrepancyKind;
  assetId: string | null;
  deviceId: string | null;
  field: string | null;
}

/**
 * The resolutions offered for one discrepancy: its kind's, less those that have nothing to act on — linking or
 * registering needs a discovered device (or, for an audit's unknown tag, the tag itself: no asset yet), accepting a
 * value needs an asset field, a lifecycle transition needs an asset, and so does a correction by hand (of the asset's
 * record). The queue offers only what can succeed.
 */
export function resolutionsForDiscrepancy(d: DiscrepancySubject): readonly Resolution[] {
  return resolutionsFor(d.kind).filter((r) => {
    switch (r) {
      case 'link_asset': return d.deviceId !== null;
      case 'register_asset': return d.kind === 'audit_unexpected' ? d.assetId === null : d.deviceId !== null;
      case 'accept_discovered': return d.assetId !== null && d.field !== null;
      case 'mark_missing':
      case 'corrected': return d.assetId !== null;
      default: return true;
    }
  });
}

/** Kinds raised by an audit run: each run's findings stand on their own (a decision on an earlier run's finding does not hide a later run's). */
export const isAuditKind = (kind: DiscrepancyKind): boolean => kind.startsWith('audit_');
