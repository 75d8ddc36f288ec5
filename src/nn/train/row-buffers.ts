import type { Example } from './examples.js';

/**
 * @internal A batch as compiled-tape rows [...x, ...y], written into buffers kept between
 * batches, so a batch allocates nothing per example. Rows have exactly `nin + targets` entries;
 * the examples were checked against those lengths before training began.
 */
export class RowBuffers {
  private readonly rows: Float64Array[] = [];
  // The first `partial.length` rows, kept for the next batch of that size (each epoch's last one).
  private partial: Float64Array[] = [];

  constructor(
    private readonly nin: number,
    private readonly targets: number,
  ) {}

  /** The rows of `batch`: the same arrays every call for a batch of the same size. */
  fill(batch: readonly Example[]): Float64Array[] {
    const { rows, nin, targets } = this;
    while (rows.length < batch.length) rows.push(new Float64Array(nin + targets));
    for (let k = 0; k < batch.length; k++) {
      const row = rows[k];
      const { x, y } = batch[k];
      for (let i = 0; i < nin; i++) row[i] = x[i];
      for (let j = 0; j < targets; j++) row[nin + j] = y[j];
    }
    if (batch.length === rows.length) return rows;
    if (this.partial.length !== batch.length) this.partial = rows.slice(0, batch.length);
    return this.partial;
  }
}
