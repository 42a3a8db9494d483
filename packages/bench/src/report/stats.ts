/** Summary of one measured quantity over several rounds. */
export interface Spread {
  readonly median: number;
  /** First and third quartiles (linear interpolation). */
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  /** How many values were summarised. */
  readonly samples: number;
  /**
   * A 95% confidence interval of the median (distribution-free: order
   * statistics around the middle rank). On a noisy machine the quartiles are
   * wide, yet the median of hundreds of rounds is known far more closely.
   */
  readonly medianLow: number;
  readonly medianHigh: number;
}

const HALF = 0.5;
/** The standard normal quantile of a two-sided 95% interval. */
const Z_95 = 1.96;
const QUARTER = 0.25;
const THREE_QUARTERS = 0.75;

/** The q-quantile (0..1) of `values`, linearly interpolated between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of no values');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

export function median(values: readonly number[]): number {
  return quantile(values, HALF);
}

export function spread(values: readonly number[]): Spread {
  const interval = medianInterval(values);
  return {
    median: median(values),
    q1: quantile(values, QUARTER),
    q3: quantile(values, THREE_QUARTERS),
    min: Math.min(...values),
    max: Math.max(...values),
    samples: values.length,
    medianLow: interval.low,
    medianHigh: interval.high,
  };
}

/**
 * A 95% confidence interval of the median of `values`, from order
 * statistics: the ranks n/2 ∓ 1.96·√n/2 (the normal approximation of the
 * binomial; Conover, Practical Nonparametric Statistics). Needs no
 * assumption about the distribution, so one slow round cannot widen it much.
 * For a handful of values it is simply [min, max].
 */
export function medianInterval(values: readonly number[]): { readonly low: number; readonly high: number } {
  if (values.length === 0) throw new RangeError('median interval of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const halfWidth = (Z_95 * Math.sqrt(count)) / 2;
  // 1-based ranks, clamped to the sample.
  const lowRank = Math.max(1, Math.floor(count / 2 - halfWidth));
  const highRank = Math.min(count, Math.ceil(count / 2 + halfWidth) + 1);
  return { low: sorted[lowRank - 1] as number, high: sorted[highRank - 1] as number };
}

/** Half the interquartile range relative to the median: the "±" a table shows. */
export function relativeSpread(summary: Spread): number {
  return summary.median === 0 ? 0 : (summary.q3 - summary.q1) / 2 / summary.median;
}

/**
 * Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom
 * (index = degrees of freedom - 1); beyond 30 the normal 1.96 is close enough.
 */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
  2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * A 95% confidence interval of the mean of `values` (Student's t), for a
 * few independent measurements such as one per process set. Needs at least
 * two values: one alone says nothing about its own spread.
 */
export function meanInterval(values: readonly number[]): { readonly mean: number; readonly low: number; readonly high: number } {
  const count = values.length;
  if (count < 2) throw new RangeError(`a mean interval needs at least 2 values, got ${count}`);
  const mean = values.reduce((sum, value) => sum + value, 0) / count;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1);
  const t = T_975[count - 2] ?? Z_95;
  const halfWidth = (t * Math.sqrt(variance)) / Math.sqrt(count);
  return { mean, low: mean - halfWidth, high: mean + halfWidth };
}
