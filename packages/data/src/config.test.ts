import { describe, expect, it } from 'vitest';
import { PG_CONNECT_TIMEOUT_MS, pgConnectTimeoutMs, resolveDatabaseTarget } from './config.js';

describe('resolveDatabaseTarget', () => {
  it('chooses PostgreSQL for postgres URLs, SQLite for paths and sqlite: URLs, and ./data by default', () => {
    expect(resolveDatabaseTarget({ DATABASE_URL: 'postgres://u@h/db' })).toEqual({ engine: 'postgres', url: 'postgres://u@h/db' });
    expect(resolveDatabaseTarget({ DATABASE_URL: 'postgresql://u@h/db' }).engine).toBe('postgres');
    expect(resolveDatabaseTarget({ DATABASE_URL: 'sqlite:/srv/c.db' })).toEqual({ engine: 'sqlite', path: '/srv/c.db' });
    expect(resolveDatabaseTarget({ DATABASE_URL: ':memory:' })).toEqual({ engine: 'sqlite', path: ':memory:' });
    expect(resolveDatabaseTarget({ CUSTODIA_DATA_DIR: '/var/lib/custodia' })).toEqual({ engine: 'sqlite', path: '/var/lib/custodia/custodia.db' });
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
