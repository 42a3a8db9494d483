import { InvalidArgumentError } from 'commander';

// Parsers for flag values. Commander turns their errors into
// "option '--occurrence <n>' argument 'x' is invalid. <reason>" (exit 2).

const WHOLE_NUMBER = /^[0-9]+$/;
const DECIMAL = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const MAX_PORT = 65_535;

/** 0, 1, 2, ...: digits only, no sign, no exponent. */
export function wholeNumber(text: string): number {
  const value = Number(text);
  if (!WHOLE_NUMBER.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('It must be a whole number (0, 1, 2, ...).');
  }
  return value;
}

/** A TCP port; 0 asks the OS for a free one. */
export function portNumber(text: string): number {
  const value = wholeNumber(text);
  if (value > MAX_PORT) throw new InvalidArgumentError(`It must be a port from 0 to ${MAX_PORT}.`);
  return value;
}

/** A probability from 0 to 1. */
export function probability(text: string): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || value > 1) throw new InvalidArgumentError('It must be a number from 0 to 1.');
  return value;
}

/** Any text but the empty string (an unset shell variable, mostly). */
export function nonEmptyText(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('It must not be empty.');
  return text;
}
