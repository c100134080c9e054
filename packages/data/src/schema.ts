import type { ColumnType } from 'kysely';

/** JSON columns: jsonb on PostgreSQL (read back parsed), text on SQLite (read back as text). Always written as text. */
export type Json = ColumnType<unknown, string, string>;
/** Booleans: boolean on PostgreSQL, 0/1 on SQLite. Always written as 0/1. */
export type Bool = ColumnType<boolean | number, number, number>;

interface Versioned {
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OrgUnitTable extends Versioned { parent_id: string | null; name: string; code: string | null; kind: string; path: string }
export interface LocationTable extends Versioned {
  parent_id: string | null; name: string; code: string | null; kind: string; path: string; address: string | null; latitude: number | null; longitude: number | null;
  /** The local contacts, a JSON list of `{personId, role, phone, notes}` (`domain/register/local-contacts.ts`). */
  contacts: ColumnType<unknown, string | undefined, string>;
  /** The network ranges, a JSON list of normalised CIDR strings (`domain/register/network-ranges.ts`). */
  network_ranges: ColumnType<unknown, string | undefined, string>;
}
export interface PersonTable extends Versioned {
  name: string; email: string | null; email_key: string | null; employee_number: string | null; org_unit_id: string | null; manager_id: string | null; active: Bool;
}
export interface ManufacturerTable extends Versioned { name: string; name_key: string; url: string | null; support_email: string | null; support_phone: string | null }
export interface SupplierTable extends Versioned { name: string; name_key: string; url: string | null; email: string | null; phone: string | null; notes: string | null }
export interface LifecycleModelTable { id: string; key: string; version: number; name: string; definition: Json; created_at: string }
export interface AssetTypeTable extends Versioned {
  key: string; name: string; category: string; attribute_schema: Json; lifecycle_model_id: string; tag_pattern: string; tag_seq: number; usage_policy: string | null;
}
export interface CatalogueModelTable extends Versioned {
  name: string; manufacturer_id: string; asset_type_id: string; model_number: string | null; default_specs: Json; eol_date: string | null; eol_months: number | null; substitution_group: string | null; usage_policy: string | null;
}
export interface AssetTable extends Versioned {
  tag: string; tag_key: string; name: string; asset_type_id: string; lifecycle_model_id: string; model_id: string | null; manufacturer_id: string | null;
  serial: string | null; serial_key: string | null; serial_scope: string;
  stage: string; owner_org_unit_id: string | null; custodian_id: string | null; assigned_person_id: string | null; expected_return_date: string | null;
  location_id: string | null; purchase_date: string | null; purchase_cost_minor: number | null; purchase_currency: string | null; supplier_id: string | null;
  order_reference: string | null; invoice_reference: string | null; warranty_end: string | null; eol_date: string | null;
  /** The end of life was given by the catalogue model (it follows the model and purchase date), not set by hand. */
  eol_from_model: ColumnType<boolean | number, number | undefined, number>;
  services: Json; notes: string | null; attributes: Json; last_verified_on: string | null;
}
export interface AssetUniqueValueTable { asset_type_id: string; field_key: string; value_key: string; asset_id: string }
export interface AssignmentTable {
  id: string; asset_id: string; person_id: string; started_on: string; expected_return_date: string | null; ended_on: string | null; operator: string; created_at: string; acknowledged_at: string | null;
}
export interface ImacTable {
  id: string; asset_id: string; action: string; performed_on: string; operator: string; person_id: string | null; from_location_id: string | null; to_location_id: string | null; details: string | null; created_at: string;
}
export interface TransitionTable {
  id: string; asset_id: string; lifecycle_model_id: string; transition_key: string; from_stage: string; to_stage: string; evidence: Json; operator: string; performed_at: string;
}
export interface EventTable {
  seq: number; entity_type: string; entity_id: string; action: string; actor: string; source: string; reason: string | null; request_id: string | null;
  occurred_at: string; changes: string; prev_hash: string; hash: string;
}
/** The head of the history chain, and the stamp of the webhooks' last change ('' while there never were any). */
export interface EventChainTable { id: number; last_seq: number; last_hash: string; webhooks_stamp: ColumnType<string, string | undefined, string> }
export interface ImportRunTable {
  id: string; kind: string; file_name: string; file_sha256: string; mode: string; status: string; row_count: number; created_count: number; updated_count: number;
  skipped_count: number; actor: string; started_at: string; finished_at: string | null; report: Json;
}

export interface Tables {
  org_units: OrgUnitTable;
  locations: LocationTable;
  people: PersonTable;
  manufacturers: ManufacturerTable;
  suppliers: SupplierTable;
  lifecycle_models: LifecycleModelTable;
  asset_types: AssetTypeTable;
  catalogue_models: CatalogueModelTable;
  assets: AssetTable;
  asset_unique_values: AssetUniqueValueTable;
  assignments: AssignmentTable;
  imac_records: ImacTable;
  lifecycle_transitions: TransitionTable;
  events: EventTable;
  event_chain: EventChainTable;
  import_runs: ImportRunTable;
  accounts: AccountTable;
  roles: RoleTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  pending_logins: PendingLoginTable;
  idempotency_keys: IdempotencyKeyTable;
  api_tokens: ApiTokenTable;
  agent_tokens: AgentTokenTable;
  oidc_identities: OidcIdentityTable;
  auth_throttle: AuthThrottleTable;
  settings: SettingTable;
  security_log: SecurityLogTable;
  discovered_devices: DiscoveredDeviceTable;
  device_macs: { device_id: string; mac: string };
  device_software: { device_id: string; items: Json; item_count: number; sha256: string; updated_at: string };
  inventory_snapshots: InventorySnapshotTable;
  asset_field_sources: { asset_id: string; field: string; source: string; actor: string; changed_at: string };
  audit_plans: AuditPlanTable;
  audit_runs: AuditRunTable;
  audit_items: AuditItemTable;
  discrepancies: DiscrepancyTable;
  saved_views: SavedViewTable;
  notification_preferences: NotificationPreferenceTable;
  digest_deliveries: DigestDeliveryTable;
  attachments: AttachmentTable;
  asset_coverage: AssetCoverageTable;
  attachment_chunks: { attachment_id: string; seq: number; data: Uint8Array };
  data_quality_snapshots: DataQualitySnapshotTable;
  purchase_requests: PurchaseRequestTable;
  purchase_request_assets: { request_id: string; asset_id: string };
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
}

/** What someone asks to buy for an org unit, its decision and its order (`domain/procurement/purchase-requests.ts`). */
export interface PurchaseRequestTable extends Versioned {
  org_unit_id: string; requester_account_id: string; for_person_id: string | null; model_id: string | null; description: string | null; quantity: number;
  unit_cost_minor: number | null; currency: string | null; justification: string; needed_by: string | null; status: string; submitted_at: string | null;
  decided_by_account_id: string | null; decided_at: string | null; decision_note: string | null; supplier_id: string | null; order_reference: string | null; ordered_at: string | null;
}

/** An outbound webhook: where to post, which event kinds (JSON array), the org-unit filter, the encrypted secret. */
export interface WebhookTable extends Versioned { name: string; url: string; event_kinds: Json; org_unit_id: string | null; active: Bool; secret: string; created_by: string }
/** The outbox: one delivery of one event (or a ping) to one webhook; `pending`, `delivered` or `failed`. */
export interface WebhookDeliveryTable {
  id: string; webhook_id: string; event_seq: number | null; event_kind: string; status: string; attempts: number; next_attempt_at: string; last_attempt_at: string | null;
  last_status_code: number | null; last_error: string | null; delivered_at: string | null; created_at: string;
}

/** A day's data-quality figure for the assets of one owner org unit (null: none), and how many assets that unit has. */
export interface DataQualitySnapshotTable { day: string; org_unit_id: string | null; figure: string; flagged: number; assets: number; taken_at: string }
/** A contract (an asset of category service_contract) covering another asset, over days either end of which may be open. */
export interface AssetCoverageTable {
  id: string; contract_id: string; asset_id: string; starts_on: string | null; ends_on: string | null; note: string | null; created_at: string; created_by: string;
}

export interface DiscoveredDeviceTable {
  id: string; asset_id: string | null; org_unit_id: string | null; status: string; source: string; agent: string | null; agent_token_id: string | null;
  agent_device_id: string | null; hostname: string | null; hostname_key: string | null; fqdn: string | null; serial: string | null; serial_key: string | null;
  uuid: string | null; manufacturer: string | null; model: string | null; virtualization: string | null; os_name: string | null; os_version: string | null;
  os_full_name: string | null; memory_mb: number | null; cpu_summary: string | null; ip_addresses: Json; macs: Json; components: Json; software_count: number;
  collected_at: string | null; first_seen_at: string; last_seen_at: string; version: number; created_at: string; updated_at: string;
}
export interface InventorySnapshotTable {
  id: string; device_id: string | null; received_at: string; collected_at: string | null; claimed_collected_at: string | null; source: string; format: string;
  partial: Bool; outcome: string; anomaly: string | null; payload: Buffer; size_bytes: number; sha256: string; agent_token_id: string | null; remote_address: string | null;
}
export interface AuditPlanTable extends Versioned {
  name: string; method: string; scope_location_id: string | null; scope_org_unit_id: string | null; scope_asset_type_id: string | null; due_on: string | null;
  assignees: Json; notes: string | null; status: string; created_by: string;
  /** Recurrence (all null for a one-off plan): every N units, on a schedule anchored on a date. */
  recurrence_every: number | null; recurrence_unit: string | null; recurrence_anchor_on: string | null;
  /** A random sample of the scope instead of all of it: a number of assets or a percentage (both null: all). */
  sample_count: number | null; sample_percent: number | null;
}
export interface AuditRunTable {
  id: string; plan_id: string; status: string; started_at: string; started_by: string; closed_at: string | null; closed_by: string | null; version: number;
  /** How the run's sample was drawn (all null when the run checks all of its scope). */
  sample_method: string | null; sample_seed: string | null; sample_population: number | null; sample_size: number | null;
}
export interface AuditItemTable {
  id: string; run_id: string; asset_id: string | null; tag: string; expected: Bool; expected_location_id: string | null; found_location_id: string | null; result: string;
  method: string | null; recorded_at: string | null; recorded_by: string | null; note: string | null;
  /** Drawn into the run's sample (always, when the run checks all of its scope); an item not drawn counts once recorded. */
  sampled: Bool;
}
export interface DiscrepancyTable extends Versioned {
  kind: string; status: string; dedupe_key: string; asset_id: string | null; device_id: string | null; audit_run_id: string | null; org_unit_id: string | null;
  field: string | null; register_value: Json | null; discovered_value: Json | null; evidence: Json; summary: string; owner: string | null; due_on: string | null;
  ignore_until: string | null; resolution: string | null; resolution_note: string | null; resolved_by: string | null; resolved_at: string | null; detected_at: string;
}

/** A named view of a list page (filters and sort as the page's query string, visible columns), private to its account. */
export interface SavedViewTable extends Versioned { account_id: string; name: string; name_key: string; page: string; query: string; columns: Json; is_default: Bool }

/** An account's own notification choices (none stored: the digest is off, every section it may see chosen). */
export interface NotificationPreferenceTable { account_id: string; digest_enabled: Bool; digest_sections: Json; version: number; created_at: string; updated_at: string }
/** One daily digest per account and organisation day: claimed (`sending`), `sent`, or `failed` (retried on the next run). */
export interface DigestDeliveryTable {
  id: string; account_id: string; day: string; status: string; attempts: number; item_count: number; claimed_at: string; sent_at: string | null; error: string | null;
}

export interface AccountTable extends Versioned {
  login: string; login_key: string; display_name: string; email: string | null; person_id: string | null; password_hash: string | null;
  password_changed_at: string | null; active: Bool; totp_secret: string | null; totp_enabled_at: string | null; totp_last_step: number | null; recovery_codes: Json | null; last_login_at: string | null;
}
export interface RoleTable extends Versioned { key: string; name: string; description: string; built_in: Bool; permissions: Json; requires_two_factor: Bool }
export interface RoleGrantTable { id: string; account_id: string; role_id: string; org_unit_id: string | null; created_at: string; created_by: string }
export interface SessionTable {
  id: string; account_id: string; csrf_token: string; method: string; created_at: string; last_seen_at: string; reauthenticated_at: string; ip: string | null; user_agent: string | null;
}
export interface IdempotencyKeyTable {
  account_id: string; key: string; request_hash: string; method: string; route: string; status_code: number | null; response: string | null; created_at: string;
}
export interface PendingLoginTable { id: string; account_id: string; method: string; created_at: string; attempts: number }
export interface ApiTokenTable {
  id: string; account_id: string; name: string; prefix: string; token_hash: string; access: string; expires_at: string; last_used_at: string | null; revoked_at: string | null; created_at: string;
}
export interface AgentTokenTable {
  id: string; name: string; prefix: string; token_hash: string; org_unit_id: string | null; expires_at: string | null; last_used_at: string | null; revoked_at: string | null;
  created_by: string; created_at: string;
}
export interface OidcIdentityTable { id: string; account_id: string; issuer: string; subject: string; created_at: string; last_login_at: string | null }
export interface AuthThrottleTable { key: string; failures: number; window_started_at: string; blocked_until: string | null }
export interface SettingTable { key: string; value: Json; updated_at: string; version: ColumnType<number, number | undefined, number> }
export interface SecurityLogTable {
  id: string; occurred_at: string; kind: string; outcome: string; account_id: string | null; login: string | null; ip: string | null; method: string | null;
  route: string | null; status: number | null; request_id: string | null; detail: Json | null;
}

import type { Selectable } from 'kysely';
/** A row as read back from a table. */
export type Row<T extends keyof Tables> = Selectable<Tables[T]>;

export interface AttachmentTable {
  id: string; asset_id: string | null; asset_tag: string; file_name: string; kind: string; media_type: string; size_bytes: number; sha256: string;
  width: number | null; height: number | null; description: string | null; uploaded_by: string; uploaded_at: string;
  deleted_at: string | null; deleted_by: string | null; delete_reason: string | null; purged_at: string | null;
  owner_kind: string; owner_label: string | null; person_id: string | null; supplier_id: string | null; audit_run_id: string | null;
  category: string; version: number;
}
