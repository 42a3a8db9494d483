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
