import { InvalidArgumentError } from 'commander';
import { cliError } from './cli-error.js';

/**
 * Commander's parser of a numeric option: a whole number from `min` to `max`, written in digits. Anything else (text,
 * a fraction, a number out of range) is a usage error naming the range, raised before the command opens anything.
 */
export function integerIn(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `Expected a whole number of at least ${min}.` : `Expected a whole number from ${min} to ${max}.`);
  };
}

/** A setting that is a whole number of at least 1, as the server reads it: undefined when unset, an error naming it otherwise. */
export function positiveIntegerSetting(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= 1) return n;
  throw cliError('INVALID_SETTING', `${name} must be a whole number of at least 1 (got "${raw}")`);
}
