/**
 * Deepest nesting of arrays and objects an input may have. AWS inputs nest a
 * handful of levels; anything near this is a runaway structure, and stopping
 * here keeps the recursive walks far from the engine's stack limit.
 */
export const MAX_INPUT_DEPTH = 100;
