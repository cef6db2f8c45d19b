/**
 * C's `roundf`, the rounding rule of ggml's reference weight quantizers (`quantize_row_q8_0_ref`, ...).
 *
 * It differs from ggml's other rule, `nearestInt` in `k_quant_search.ts` (round half to even, also what the
 * AVX2 activation quantizers do), only on exact halves: 2.5 -> 3 and -2.5 -> -3 here, 2 and -2 there. Real
 * data hits exact halves often enough for the choice to change bytes.
 *
 * @module
 */

/** C `roundf`: nearest integer, halves away from zero. */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
