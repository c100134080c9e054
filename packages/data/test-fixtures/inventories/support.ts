import { readFileSync } from 'node:fs';
import { AppError } from '@custodia/contracts';
import { expect } from 'vitest';

/** The error a parser throws for bad input; fails the test when it throws nothing or something else. */
export function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

/** A file of this folder, as text. */
export const fixture = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
