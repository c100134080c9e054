import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PG_CONNECT_TIMEOUT_MS, PG_QUERY_TIMEOUT_MS, organisationTimeZone, pgConnectTimeoutMs, pgQueryTimeoutMs, resolveDatabaseTarget } from './config.js';

describe('resolveDatabaseTarget', () => {
  it('chooses PostgreSQL for postgres URLs, SQLite for paths and sqlite: URLs, and ./data by default', () => {
    expect(resolveDatabaseTarget({ DATABASE_URL: 'postgres://u@h/db' })).toEqual({ engine: 'postgres', url: 'postgres://u@h/db' });
    expect(resolveDatabaseTarget({ DATABASE_URL: 'postgresql://u@h/db' }).engine).toBe('postgres');
    expect(resolveDatabaseTarget({ DATABASE_URL: 'sqlite:/srv/c.db' })).toEqual({ engine: 'sqlite', path: '/srv/c.db' });
    expect(resolveDatabaseTarget({ DATABASE_URL: ':memory:' })).toEqual({ engine: 'sqlite', path: ':memory:' });
    expect(resolveDatabaseTarget({ CUSTODIA_DATA_DIR: '/var/lib/custodia' })).toEqual({ engine: 'sqlite', path: '/var/lib/custodia/custodia.db' });
    expect(resolveDatabaseTarget({ DATABASE_URL: 'sqlite:///srv/c.db' })).toEqual({ engine: 'sqlite', path: '/srv/c.db' });
  });

  it.each(['mysql://u@h/db', 'postgress://u@h/db', 'file:///srv/c.db', 'https://db.example/custodia'])('refuses %s instead of making a SQLite file named after it', (url) => {
    expect(() => resolveDatabaseTarget({ DATABASE_URL: url })).toThrow(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL, a sqlite: URL or a file path \(got a \w+:\/\/ URL\)$/);
  });
});

describe('CUSTODIA_PG_CONNECT_TIMEOUT_MS', () => {
  it('defaults to 10 s and takes whole milliseconds from 100 to 600000', () => {
    expect(pgConnectTimeoutMs({})).toBe(PG_CONNECT_TIMEOUT_MS);
    expect(pgConnectTimeoutMs({ CUSTODIA_PG_CONNECT_TIMEOUT_MS: ' 2500 ' })).toBe(2500);
    expect(pgConnectTimeoutMs({ CUSTODIA_PG_CONNECT_TIMEOUT_MS: '100' })).toBe(100);
    expect(pgConnectTimeoutMs({ CUSTODIA_PG_CONNECT_TIMEOUT_MS: '600000' })).toBe(600_000);
  });

  it.each(['0', '99', '600001', '1.5', '10s', '-1'])('refuses %j with a message naming the setting', (value) => {
    expect(() => pgConnectTimeoutMs({ CUSTODIA_PG_CONNECT_TIMEOUT_MS: value })).toThrow(/CUSTODIA_PG_CONNECT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000/);
  });
});

describe('CUSTODIA_PG_QUERY_TIMEOUT_MS', () => {
  it('defaults to 60 s; 0 turns it off; otherwise whole milliseconds from 1000 to 3600000', () => {
    expect(pgQueryTimeoutMs({})).toBe(PG_QUERY_TIMEOUT_MS);
    expect(pgQueryTimeoutMs({ CUSTODIA_PG_QUERY_TIMEOUT_MS: '0' })).toBe(0);
    expect(pgQueryTimeoutMs({ CUSTODIA_PG_QUERY_TIMEOUT_MS: '1000' })).toBe(1000);
    expect(pgQueryTimeoutMs({ CUSTODIA_PG_QUERY_TIMEOUT_MS: '3600000' })).toBe(3_600_000);
  });

  it.each(['999', '3600001', '2.5', '1m', '-5'])('refuses %j with a message naming the setting', (value) => {
    expect(() => pgQueryTimeoutMs({ CUSTODIA_PG_QUERY_TIMEOUT_MS: value })).toThrow(/CUSTODIA_PG_QUERY_TIMEOUT_MS must be 0 \(off\) or a whole number/);
  });
});

describe('CUSTODIA_TIME_ZONE', () => {
  it('defaults to UTC, so an installation that never set it keeps its dates', () => {
    expect(organisationTimeZone({})).toBe('UTC');
    expect(organisationTimeZone({ CUSTODIA_TIME_ZONE: '  ' })).toBe('UTC');
  });

  it.each(['Australia/Sydney', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Etc/GMT+12', 'UTC'])('takes the IANA zone %s', (zone) => {
    expect(organisationTimeZone({ CUSTODIA_TIME_ZONE: ` ${zone} ` })).toBe(zone);
  });

  it('spells a zone given in another case as people know it (shown on pages, compared as given)', () => {
    expect(organisationTimeZone({ CUSTODIA_TIME_ZONE: 'europe/berlin' })).toBe('Europe/Berlin');
    expect(organisationTimeZone({ CUSTODIA_TIME_ZONE: 'utc' })).toBe('UTC');
  });

  it.each(['Australia/Sidney', 'Mars/Olympus_Mons', '+10:00', 'UTC+10', 'AEST+10', 'local'])('refuses %j with a message naming the setting', (value) => {
    expect(() => organisationTimeZone({ CUSTODIA_TIME_ZONE: value })).toThrow(`CUSTODIA_TIME_ZONE must be an IANA time zone name such as Europe/Berlin, America/Los_Angeles or UTC (got "${value}")`);
  });

  it('is listed in the README configuration table with its default', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/^\| `CUSTODIA_TIME_ZONE` \| `UTC` \| .+ \|$/m);
  });
});
