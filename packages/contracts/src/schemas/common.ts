import { z } from 'zod';
import { DEFAULT_MAX_TEXT, LONG_TEXT_MAX, isCalendarDate, isCurrencyCode, textProblem } from '@custodia/domain';

export const Id = z.uuid().describe('Record id (UUID)');

const textWith = (max: number) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = textProblem(value, max);
      if (problem) ctx.addIssue({ code: 'custom', message: `TEXT_${problem}`, params: { code: `TEXT_${problem}` } });
    })
    .transform((s) => s.normalize('NFC').trim())
    .meta({ maxLength: max });

/**
 * Text taken as given (not normalised) that is only compared with stored values, such as a login at sign-in or a
 * filter: without NUL, which PostgreSQL text cannot hold (a query carrying one fails there, where SQLite finds nothing).
 */
export const verbatim = (max: number, min = 0) => (min ? z.string().min(min) : z.string()).max(max).refine((s) => !s.includes('\u0000'), 'must not contain NUL');

/** Single-line text: no NUL, no lone surrogates, NFC, trimmed. */
export const Text = textWith(DEFAULT_MAX_TEXT);
export const ShortText = textWith(200);
export const LongText = textWith(LONG_TEXT_MAX);
/**
 * What people must be told when they are handed an asset of a catalogue model or asset type (encryption, personal
 * use, BYOD, cloud options): long text; empty text is stored as none (null).
 */
export const UsagePolicy = LongText.transform((s): string | null => s || null)
  .describe('Rules the person receiving the asset is told at hand-over, e.g. "Full-disk encryption must be on before hand-over"; empty or null: none');
export const Name = textWith(200).pipe(z.string().min(1, 'must not be empty'));
/** A lifecycle stage's key as a filter or a choice: text without NUL or lone surrogates (PostgreSQL text holds neither). */
export const StageKey = textWith(64);

export const CalendarDate = z
  .string()
  .refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD')
  .meta({ format: 'date', example: '2026-11-28' });

export const Timestamp = z.string().meta({ format: 'date-time' });

export const Currency = z.string().refine(isCurrencyCode, 'must be an ISO 4217 code such as EUR');

/** Money as integer minor units (cents) plus currency; never a float. */
export const MoneyAmount = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer');

export const Email = z.email().max(254);

/** Page of results with an opaque cursor for the next one. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().optional(),
  });

export const Limit = z.coerce.number().int().min(1).max(500).default(50);

/**
 * A list's `nextCursor`, handed back as it came: base64url of the last row's sort key and id. A key of 200 UTF-16 units
 * in a three-byte script (names, tags) makes about 850 characters; 2,048 leaves room and still bounds the decoding.
 */
export const Cursor = z.string().max(2048).describe('The nextCursor of the previous page');

export const ListQuery = z.strictObject({
  limit: Limit,
  cursor: Cursor.optional(),
  q: ShortText.optional(),
  includeTotal: z.enum(['true', 'false']).optional(),
});

export const IdParams = z.strictObject({ id: Id });

/** `ids=a,b,c`: only these records (at most 100), e.g. the names of the people on one page of the register. */
export const IdList = z.string().max(100 * 37).transform((s, ctx) => {
  const ids = s.split(',').filter(Boolean);
  if (ids.length > 100 || ids.some((i) => !z.uuid().safeParse(i).success)) {
    ctx.addIssue({ code: 'custom', message: 'ids must be at most 100 comma-separated record ids' });
    return z.NEVER;
  }
  return ids;
}).describe('Comma-separated ids (at most 100)');

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string().optional(), code: z.string(), message: z.string(), line: z.number().optional(), column: z.string().optional() })).optional(),
});
export type ListQueryType = z.output<typeof ListQuery> & { parentId?: string };

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
type PatchShape<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> };

/**
 * The body of a partial update (PATCH) built from a create body: every field optional and none with a default. A field
 * the request leaves out keeps its stored value; a default here would silently overwrite it (Zod applies defaults
 * to absent keys even inside `.partial()`: an edit of a leaver's e-mail made them active again).
 */
export function patchOf<S extends z.ZodRawShape>(create: z.ZodObject<S>): z.ZodObject<PatchShape<S>, z.core.$strict> {
  const shape = Object.fromEntries(Object.entries(create.shape).map(([key, field]) => {
    const plain = field instanceof z.ZodDefault ? (field.removeDefault() as z.ZodType) : (field as z.ZodType);
    return [key, plain.optional()];
  }));
  return z.strictObject(shape) as unknown as z.ZodObject<PatchShape<S>, z.core.$strict>;
}
