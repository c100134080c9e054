import type { EventAction } from '@custodia/domain';
import type { Tx } from '../shared/change.js';

/**
 * A reference-data resource (org units, locations, people, manufacturers, suppliers, catalogue models) described as
 * data: the generic create/update/list/delete use cases do the rest, the same way for each.
 */
export interface ReferenceResource<Input extends Record<string, unknown>, Out extends { id: string; version: number }> {
  /** Entity name in history events and error messages, e.g. `location`. */
  entity: string;
  table: 'org_units' | 'locations' | 'people' | 'manufacturers' | 'suppliers' | 'catalogue_models';
  /** API field name → column. Only these fields are writable. */
  columns: Record<string, string>;
  /** Columns free-text search looks in. */
  searchColumns: string[];
  /** Taken before a create or update reads anything: a lock the write depends on (tree tables serialise their writes). */
  beforeWrite?: (tx: Tx) => Promise<void>;
  /** Derived columns and reference checks; called inside the transaction with the merged record. */
  derive?: (tx: Tx, merged: Input, existing: Record<string, unknown> | null, id: string) => Promise<Record<string, unknown>>;
  /** Work after an update, e.g. rewriting descendant paths when a node moves. */
  afterUpdate?: (tx: Tx, before: Record<string, unknown>, after: Record<string, unknown>) => Promise<void>;
  /** Refuses a deletion the foreign keys would allow (a record whose attachments are still live). */
  beforeDelete?: (tx: Tx, id: string) => Promise<void>;
  present: (row: Record<string, unknown>) => Out;
  /** Columns holding JSON, written as text. */
  jsonColumns?: string[];
  boolColumns?: string[];
  uniqueError?: 'UNIQUE_VIOLATION';
  /** The column holding the org unit a record belongs to, for records a scoped grant filters (people; org units themselves by `id`). */
  scopeColumn?: string;
}

export type AnyResource = ReferenceResource<any, any>;
export const eventAction = (a: 'create' | 'update' | 'delete'): EventAction => a;
