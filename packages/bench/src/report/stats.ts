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
}

const HALF = 0.5;
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
  return {
    median: median(values),
    q1: quantile(values, QUARTER),
    q3: quantile(values, THREE_QUARTERS),
    min: Math.min(...values),
    max: Math.max(...values),
    samples: values.length,
  };
}

/** Half the interquartile range relative to the median: the "±" a table shows. */
export function relativeSpread(summary: Spread): number {
  return summary.median === 0 ? 0 : (summary.q3 - summary.q1) / 2 / summary.median;
}
