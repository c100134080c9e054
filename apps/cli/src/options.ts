import { InvalidArgumentError } from 'commander';

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
