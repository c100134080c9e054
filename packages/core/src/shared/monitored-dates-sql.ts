import { type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { AppError } from '@custodia/contracts';
import { type FieldDefinition, type MonitoredField, type MonitoredWhen, monitoredDateRange, monitoredFields, parseMonitoredDateFilter } from '@custodia/domain';
import { type Tables, readJson } from '@custodia/data';
import { attributeValue } from './data-quality-sql.js';
import { inServiceStages, stageAmong } from './stage-kinds-sql.js';

type Engine = 'sqlite' | 'postgres';

/** A type's monitored date attribute (domain `monitoredFields`), with the type it belongs to. */
export interface MonitoredDate { typeId: string; typeKey: string; typeName: string; field: MonitoredField }

/** The monitored dates of these asset types (already read), by type name then the schema's order. */
export function monitoredDatesIn(types: readonly { id: string; key: string; name: string; schema: readonly FieldDefinition[] }[]): MonitoredDate[] {
  return [...types].sort((a, b) => a.name.localeCompare(b.name) || (a.key < b.key ? -1 : 1))
    .flatMap((t) => monitoredFields(t.schema).map((field) => ({ typeId: t.id, typeKey: t.key, typeName: t.name, field })));
}

/** The same, reading the types (a handful of reference rows). */
export async function monitoredDatesOf(db: Kysely<Tables>): Promise<MonitoredDate[]> {
  const types = await db.selectFrom('asset_types').select(['id', 'key', 'name', 'attribute_schema']).execute();
  return monitoredDatesIn(types.map((t) => ({ ...t, schema: readJson<FieldDefinition[]>(t.attribute_schema, []) })));
}

/**
 * The attribute as a date the rules compare: YYYY-MM-DD text (domain `DATE_TEXT`), compared as text — byte order on
 * PostgreSQL whatever the database's collation — so a value of another shape (left from before the field was a date) is
 * never counted, on either engine.
 */
function dateText(engine: Engine, key: string): { value: RawBuilder<unknown>; isDate: RawBuilder<SqlBool> } {
  const raw = attributeValue(engine, key);
  return engine === 'postgres'
    ? { value: sql`${raw} collate "C"`, isDate: sql<SqlBool>`${raw} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'` }
    : { value: raw, isDate: sql<SqlBool>`${raw} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'` };
}

/**
 * "An asset of the type, in service (`inService`: from `inServiceStages`), whose monitored date is coming up or passed
 * on `today`" — the domain's `monitoredDateWhen` as SQL.
 */
export function monitoredDateCondition(eb: ExpressionBuilder<Tables, 'assets'>, engine: Engine, date: MonitoredDate, when: MonitoredWhen, today: string, inService: Map<string, string[]>): Expression<SqlBool> {
  const { from, until } = monitoredDateRange(when, date.field.leadDays, today);
  const { value, isDate } = dateText(engine, date.field.key);
  return eb.and([
    eb('assets.asset_type_id', '=', date.typeId),
    stageAmong(eb, inService),
    isDate,
    ...(from ? [sql<SqlBool>`${value} >= ${from}`] : []),
    sql<SqlBool>`${value} < ${until}`,
  ]);
}

/**
 * The register filter `monitoredDate=<type key>.<field key>.<soon|passed>`, resolved against the types: a type or
 * field that does not exist or is not a monitored date is refused (400 INVALID_QUERY), as a bad value of any filter is.
 */
export async function resolveMonitoredDateFilter(db: Kysely<Tables>, text: string): Promise<{ date: MonitoredDate; when: MonitoredWhen }> {
  const filter = parseMonitoredDateFilter(text);
  const date = filter && (await monitoredDatesOf(db)).find((d) => d.typeKey === filter.typeKey && d.field.key === filter.fieldKey);
  if (!filter || !date) {
    const message = filter ? `"${filter.typeKey}.${filter.fieldKey}" is not a monitored date of an asset type` : 'must be <asset type key>.<field key>.soon or .passed';
    throw new AppError('INVALID_QUERY', `monitoredDate: ${message}`, { errors: [{ field: 'monitoredDate', code: 'MONITORED_DATE_UNKNOWN', message }] });
  }
  return { date, when: filter.when };
}

/** The register's condition for a monitored-date filter on `today`. */
export async function monitoredDateFilterCondition(db: Kysely<Tables>, engine: Engine, text: string, today: string): Promise<(eb: ExpressionBuilder<Tables, 'assets'>) => Expression<SqlBool>> {
  const { date, when } = await resolveMonitoredDateFilter(db, text);
  const inService = await inServiceStages(db);
  return (eb) => monitoredDateCondition(eb, engine, date, when, today, inService);
}
