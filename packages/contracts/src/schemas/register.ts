import { z } from 'zod';
import { LOCATION_KINDS, MAX_LOCAL_CONTACTS, MAX_NETWORK_RANGES, NETWORK_RANGE_MAX_LENGTH, NOT_PROPOSED_REASONS, ORG_UNIT_KINDS, PROPOSAL_REASONS } from '@custodia/domain';
import { CalendarDate, Email, Id, LongText, Name, ShortText, Text, Timestamp, UsagePolicy, patchOf } from './common.js';

const HttpUrl = ShortText.pipe(z.url({ protocol: /^https?$/ }));

const meta = { id: Id, version: z.number().int(), createdAt: Timestamp, updatedAt: Timestamp };

export const OrgUnitCreate = z.strictObject({
  name: Name,
  code: ShortText.nullish(),
  kind: z.enum(ORG_UNIT_KINDS).default('department'),
  parentId: Id.nullish(),
});
export const OrgUnitUpdate = patchOf(OrgUnitCreate);
export const OrgUnit = z.object({ ...meta, name: z.string(), code: z.string().nullable(), kind: z.enum(ORG_UNIT_KINDS), parentId: Id.nullable(), path: z.string() });

/** Empty or left out: stored as none (null). */
const optionalText = <T extends z.ZodType<string>>(text: T) => text.transform((s): string | null => s || null).nullish().transform((s) => s ?? null);

/** A person of the register whom to call about a location, and what they are there (ITIL ITAM Table 2.2, "Assign"). */
export const LocalContactInput = z.strictObject({
  personId: Id.describe('A person of the register; an active one when added'),
  role: Name.describe('What they are at this place, e.g. "site IT contact", "receptionist", "facilities"'),
  phone: optionalText(ShortText).describe('The number to call them on here, when it is not the usual one'),
  notes: optionalText(Text).describe('E.g. "mornings only", "ask at the front desk"'),
});
export const LocalContact = z.object({ personId: Id, role: z.string(), phone: z.string().nullable(), notes: z.string().nullable() });

export const LocationCreate = z.strictObject({
  name: Name,
  code: ShortText.nullish(),
  kind: z.enum(LOCATION_KINDS).default('site'),
  parentId: Id.nullish(),
  address: LongText.nullish(),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  contacts: z.array(LocalContactInput).max(MAX_LOCAL_CONTACTS)
    .describe(`Local contacts, at most ${MAX_LOCAL_CONTACTS}; the whole list is written (send [] to remove them all). One person once per role`).optional(),
  networkRanges: z.array(z.string().max(NETWORK_RANGE_MAX_LENGTH)).max(MAX_NETWORK_RANGES)
    .describe(`The IPv4 and IPv6 networks (CIDR, e.g. "10.20.0.0/16", "2001:db8::/48") devices here report addresses from, at most ${MAX_NETWORK_RANGES}; `
      + 'the whole list is written (send [] to remove them all). Written as networks: an address with host bits set ("10.20.3.7/24") is refused '
      + '(422 NETWORK_RANGE_HOST_BITS_SET at networkRanges.N), as is a malformed one (INVALID_NETWORK_RANGE) or one listed twice (DUPLICATE_NETWORK_RANGE); '
      + 'stored normalised (IPv6 compressed, lower case). Ranges may overlap across places: the most specific range tells where a device is').optional(),
});
export const LocationUpdate = patchOf(LocationCreate);
export const Location = z.object({
  ...meta, name: z.string(), code: z.string().nullable(), kind: z.enum(LOCATION_KINDS), parentId: Id.nullable(), path: z.string(),
  address: z.string().nullable(), latitude: z.number().nullable(), longitude: z.number().nullable(), contacts: z.array(LocalContact),
  networkRanges: z.array(z.string()),
});

/**
 * The local contacts that answer for a place (`GET /locations/{id}/local-contacts`, `GET /assets/{id}/local-contacts`):
 * its own, or those of the nearest place above it that has some, with the person's name and e-mail address. People
 * who left are left out.
 */
export const LocalContactsAnswer = z.object({
  from: z.object({ id: Id, name: z.string(), kind: z.enum(LOCATION_KINDS) }).nullable()
    .describe('The place whose contacts these are; null when neither the place nor any above it has anyone to call (or the asset has no location)'),
  inherited: z.boolean().describe('true: the contacts of a place above, the place itself having none'),
  items: z.array(LocalContact.extend({ name: z.string(), email: z.string().nullable() })),
});
export type LocalContactsAnswer = z.infer<typeof LocalContactsAnswer>;

export const PersonCreate = z.strictObject({
  name: Name,
  email: Email.nullish(),
  employeeNumber: ShortText.nullish(),
  orgUnitId: Id.nullish(),
  managerId: Id.nullish(),
  active: z.boolean().default(true),
});
export const PersonUpdate = patchOf(PersonCreate);
export const Person = z.object({
  ...meta, name: z.string(), email: z.string().nullable(), employeeNumber: z.string().nullable(), orgUnitId: Id.nullable(), managerId: Id.nullable(), active: z.boolean(),
});

export const ManufacturerCreate = z.strictObject({ name: Name, url: HttpUrl.nullish(), supportEmail: Email.nullish(), supportPhone: ShortText.nullish() });
export const ManufacturerUpdate = patchOf(ManufacturerCreate);
export const Manufacturer = z.object({ ...meta, name: z.string(), url: z.string().nullable(), supportEmail: z.string().nullable(), supportPhone: z.string().nullable() });

export const SupplierCreate = z.strictObject({ name: Name, url: HttpUrl.nullish(), email: Email.nullish(), phone: ShortText.nullish(), notes: LongText.nullish() });
export const SupplierUpdate = patchOf(SupplierCreate);
export const Supplier = z.object({ ...meta, name: z.string(), url: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), notes: z.string().nullable() });

export const CatalogueModelCreate = z.strictObject({
  name: Name,
  manufacturerId: Id,
  assetTypeId: Id,
  modelNumber: ShortText.nullish(),
  defaultSpecs: z.record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean()])).default({}),
  eolDate: CalendarDate.nullish(),
  eolMonths: z.number().int().min(1).max(600).nullish(),
  substitutionGroup: ShortText.nullish(),
  usagePolicy: UsagePolicy.nullish(),
});
export const CatalogueModelUpdate = patchOf(CatalogueModelCreate);
export const CatalogueModel = z.object({
  ...meta, name: z.string(), manufacturerId: Id, assetTypeId: Id, modelNumber: z.string().nullable(),
  defaultSpecs: z.record(z.string(), z.unknown()), eolDate: z.string().nullable(), eolMonths: z.number().nullable(), substitutionGroup: z.string().nullable(),
  usagePolicy: z.string().nullable(),
});

const StockAtLocation = z.object({ locationId: Id.nullable().describe('null: in stock without a location'), count: z.number().int() });

/**
 * A catalogue model's stock and what can replace it (`GET /models/{id}/availability`): assets in a stage of kind
 * `available` (in stock), counted only in the org units the caller may read.
 */
export const ModelAvailability = z.object({
  model: z.object({ id: Id, name: z.string(), substitutionGroup: z.string().nullable(), eolDate: z.string().nullable() }),
  inStock: z.number().int().describe('How many of this model are in stock, in your scope'),
  proposals: z.array(z.object({
    modelId: Id, name: z.string(), eolDate: z.string().nullable(),
    reason: z.enum(PROPOSAL_REASONS).describe('requested_in_stock, requested_end_of_life_soon, requested_past_end_of_life (the model itself, offered first); substitute_in_stock, substitute_end_of_life_soon (end of life within 90 days: ranked after the others)'),
    inStock: z.number().int(),
    locations: z.array(StockAtLocation).describe('Most first'),
    stages: z.array(z.string()).describe('The in-stock stage keys these assets are in, for the register\'s stage filter'),
  })).describe('Ranked: the model itself when in stock, then substitutes of its substitution group in stock (not ending soon first, then most in stock, then name)'),
  notProposed: z.array(z.object({
    modelId: Id, name: z.string(), eolDate: z.string().nullable(),
    reason: z.enum(NOT_PROPOSED_REASONS).describe('requested_out_of_stock; substitute_out_of_stock; substitute_past_end_of_life (never offered)'),
    inStock: z.number().int(),
  })).describe('The model itself when none is in stock, and the models of its group not offered, by name'),
});
export type ModelAvailability = z.infer<typeof ModelAvailability>;
