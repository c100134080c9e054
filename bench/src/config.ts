/** Benchmark settings, from the environment. */
export interface BenchConfig {
  assets: number;
  people: number;
  seed: number;
  httpSeconds: number;
  concurrency: number;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name]?.trim().replace(/_/g, '');
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got "${process.env[name]}")`);
  return n;
}

export function readConfig(): BenchConfig {
  return {
    assets: positive('CUSTODIA_BENCH_ASSETS', 1_000_000),
    people: positive('CUSTODIA_BENCH_PEOPLE', 5_000),
    seed: positive('CUSTODIA_BENCH_SEED', 20261128),
    httpSeconds: positive('CUSTODIA_BENCH_HTTP_SECONDS', 10),
    concurrency: positive('CUSTODIA_BENCH_CONCURRENCY', 16),
  };
}

/** The PostgreSQL server to measure, if any. */
export const postgresUrl = (): string | undefined => process.env['CUSTODIA_BENCH_DATABASE_URL']?.trim() || process.env['CUSTODIA_TEST_DATABASE_URL']?.trim() || undefined;
