/** Keys of attributes, lifecycle models, stages and transitions: snake_case, at most 63 characters. */
export const SNAKE_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** Every type an attribute (custom field) can have. Defined once; validation and forms iterate this list. */
export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'integer',
  'money',
  'date',
  'boolean',
  'enum',
  'url',
  'email',
  'ip',
  'mac',
  'person_ref',
  'location_ref',
  'asset_ref',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const REFERENCE_FIELD_TYPES = ['person_ref', 'location_ref', 'asset_ref'] as const satisfies readonly FieldType[];

export interface FieldDefinition {
  /** snake_case key used in the API and in the stored JSON. */
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Unique across all assets of the type (checked by the data layer with the normalised value). */
  unique?: boolean;
  default?: unknown;
  /** Regular expression the text value must match (text, long_text only). */
  pattern?: string;
  /** Allowed values (enum only): what is stored, exported and filtered on. */
  options?: string[];
  /** What people read for an option, by its value (enum only); an option without one is shown from its value. */
  optionLabels?: Record<string, string>;
  min?: number;
  max?: number;
  /** Marked sensitive: encrypted at rest and shown only with permission (enforced by access control). */
  sensitive?: boolean;
  /** Dates only: must not be later than today (evidence of something that has happened). */
  notInFuture?: boolean;
  /** Required only when another field of the same record holds one of these values. */
  requiredWhen?: { field: string; oneOf: string[] };
  help?: string;
  /** Dates only: a date to watch (a lease's end, a renewal), on the dashboard and as a register filter (`register/monitored-dates.ts`). */
  monitor?: DateMonitor;
}

/** How an asset type watches one of its date attributes. */
export interface DateMonitor {
  /** What the date is, as people read it on the dashboard: "Lease ends", "Licence expires". */
  label: string;
  /** How many days before the date it is coming up (1 to `MONITOR_LEAD_DAYS_MAX`). */
  leadDays: number;
}

/** The longest lead a monitored date may have: two years. */
export const MONITOR_LEAD_DAYS_MAX = 730;

/** Money is stored as integer minor units plus an ISO 4217 currency code. */
export interface Money {
  amountMinor: number;
  currency: string;
}
