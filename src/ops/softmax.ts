/**
 * Softmax as ggml's `ggml_vec_soft_max_f32`: subtract the max, `expf`, sum in double, scale by 1/sum.
 *
 * @module
 */

/** Replaces `x[offset..offset+length]` by its softmax in place. Entries equal to -Infinity become 0. */
export function softmax(x: Float32Array, offset: number, length: number): void {
  let max = -Infinity;
  for (let i = 0; i < length; i++) if (x[offset + i] > max) max = x[offset + i];
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const e = Math.fround(Math.exp(x[offset + i] - max));
    x[offset + i] = e;
    sum += e;
  }
  const inv = Math.fround(1 / sum);
  for (let i = 0; i < length; i++) x[offset + i] *= inv;
}
