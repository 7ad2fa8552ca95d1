/** Reads the message of a core validation failure, asserting it is a BAD_REQUEST MultirankError. */
import { expect } from 'vitest';
import { MultirankError } from '../../src/errors.js';

/** The message of the BAD_REQUEST `run` throws; fails the test when `run` does not throw. */
export function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MultirankError);
    expect((error as MultirankError).code).toBe('BAD_REQUEST');
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
}
