;; ruvllm-ts CPU kernels: WebAssembly SIMD (128-bit) over one shared linear memory.
;;
;; Every pointer is a byte offset into the imported shared memory; the TypeScript host (backends/cpu/mod.ts)
;; owns the layout. Pointers can exceed 2^31, so they are compared with unsigned instructions only.
;;
;; Numerics follow ggml's x86 CPU backend:
;; - `linear` rounds its input activations to the weight's vec_dot_type first (quantize_q8_0, quantize_q8_1,
;;   quantize_q8_k, round_f16, round_bf16), then takes integer dot products per block (relaxed SIMD, used so that the result is exact and
;;   machine-independent: see "Integer dot products") scaled by the block scales.
;; - Row sums of squares (rms_norm) and softmax denominators accumulate in f64, as ggml's ggml_float does.
;; - exp is ggml_v_expf's polynomial (a ~1 ulp f32 exp) without FMA; SiLU and softmax use it.
;; - GELU is ggml's f16 table lookup: the host fills the table, gelu_mul looks it up.
;;
;; Layouts of the activation formats written here are ggml's own block layouts:
;; - Q8_0: 34-byte blocks of 32: f16 d, then 32 int8 q.
;; - Q8_1: 36-byte blocks of 32: f16 d, f16 s = d * sum(q), then 32 int8 q.
;; - Q8_K: 292-byte blocks of 256: f32 d, 256 int8 q, 16 int16 sums of 16 q each.
;; - "F16" and "BF16": f32 values already rounded to f16 or bf16 (4 bytes each), so the dot products convert
;;   only the weight.
;; The matmul kernels read Q8_0, Q8_1 and Q8_K activations after a second pass (prepare_q8_0, prepare_q8_1,
;; prepare_q8_k) that puts
;; the quants in the byte order the integer dot products want; see "Integer dot products and prepared activations".
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Dot-product kernels by kind id, two shapes per weight type; backends/cpu/kernels.ts holds the same order
  ;; (type -> kind).
  ;; $dot1: weight row, activation row, number of elements -> the dot product.
  ;; $dot4: weight row, first of four activation rows, byte stride between them, elements -> four dot products.
  (type $dot1 (func (param i32 i32 i32) (result f32)))
  (type $dot4 (func (param i32 i32 i32 i32) (result f32 f32 f32 f32)))
  (table $dot1 21 funcref)
  (elem (table $dot1) (i32.const 0) func
    $dot1_f32 $dot1_f16 $dot1_q8_0 $dot1_q4_0 $dot1_q4_k $dot1_q6_k $dot1_q5_k $dot1_q5_0 $dot1_iq4_nl
    $dot1_q4_1 $dot1_q5_1 $dot1_q3_k $dot1_q2_k $dot1_iq4_xs $dot1_bf16 $dot1_mxfp4 $dot1_tq2_0 $dot1_tq1_0 $dot1_q1_0 $dot1_q2_0 $dot1_iq3_s)
  (table $dot4 21 funcref)
  (elem (table $dot4) (i32.const 0) func
    $dot4_f32 $dot4_f16 $dot4_q8_0 $dot4_q4_0 $dot4_q4_k $dot4_q6_k $dot4_q5_k $dot4_q5_0 $dot4_iq4_nl
    $dot4_q4_1 $dot4_q5_1 $dot4_q3_k $dot4_q2_k $dot4_iq4_xs $dot4_bf16 $dot4_mxfp4 $dot4_tq2_0 $dot4_tq1_0 $dot4_q1_0 $dot4_q2_0 $dot4_iq3_s)

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Half precision conversions
  ;; ---------------------------------------------------------------------------------------------------------

  ;; f16 bits (low 16 bits of $h) to f32. Shifting the exponent and mantissa into f32 position and multiplying
  ;; by 2^112 re-biases the exponent and turns f16 subnormals into f32 normals in one exact multiply.
  (func $f16_to_f32 (param $h i32) (result f32)
    (local $em i32) (local $bits i32)
    (local.set $em (i32.and (local.get $h) (i32.const 0x7fff)))
    (local.set $bits (i32.reinterpret_f32
      (f32.mul (f32.reinterpret_i32 (i32.shl (local.get $em) (i32.const 13))) (f32.const 0x1p112))))
    ;; f16 infinities and NaNs keep an all-ones exponent
    (if (i32.ge_u (local.get $em) (i32.const 0x7c00))
      (then (local.set $bits (i32.or (local.get $bits) (i32.const 0x7f800000)))))
    (f32.reinterpret_i32 (i32.or (local.get $bits)
      (i32.shl (i32.and (local.get $h) (i32.const 0x8000)) (i32.const 16)))))

  ;; The matmul kernels widen one f16 scale per weight block by table lookup, a quarter of $f16_to_f32's
  ;; instructions: (f32.load offset=256 (i32.shl h 2)). The host reserves the table's 256 KiB at address 256,
  ;; right after the control block (F16_TABLE_END in kernels.ts), and fills it once with fill_f16_table.
  ;; Writes $f16_to_f32 of every f16 bit pattern into the lookup table, so both conversions agree exactly.
  (func (export "fill_f16_table")
    (local $h i32)
    (loop $fill
      (f32.store offset=256 (i32.shl (local.get $h) (i32.const 2)) (call $f16_to_f32 (local.get $h)))
      (local.set $h (i32.add (local.get $h) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $h) (i32.const 65536)))))

  ;; Four f16 values (low 16 bits of each i32 lane) to f32, same method as $f16_to_f32.
  (func $f16x4_to_f32x4 (param $h v128) (result v128)
    (local $em v128)
    (local.set $em (v128.and (local.get $h) (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff)))
    (v128.or
      (v128.or
        (f32x4.mul (i32x4.shl (local.get $em) (i32.const 13)) (v128.const f32x4 0x1p112 0x1p112 0x1p112 0x1p112))
        (v128.and (i32x4.ge_u (local.get $em) (v128.const i32x4 0x7c00 0x7c00 0x7c00 0x7c00))
          (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000)))
      (i32x4.shl (v128.and (local.get $h) (v128.const i32x4 0x8000 0x8000 0x8000 0x8000)) (i32.const 16))))

  ;; Four f32 to f16 bits (in the low 16 bits of each lane), rounding to nearest even like F16C's vcvtps2ph.
  ;; Normal results: add half an f16 ulp (plus one when the kept bit is odd) and drop 13 mantissa bits.
  ;; Subnormal results: the f16 quantum there is 2^-24, so round |x| * 2^24 to an integer.
  (func $f32x4_to_f16x4 (param $x v128) (result v128)
    (local $a v128) (local $normal v128) (local $subnormal v128)
    (local.set $a (v128.and (local.get $x) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)))
    (local.set $normal (i32x4.shr_u
      (i32x4.sub
        (i32x4.add (i32x4.add (local.get $a) (v128.const i32x4 0xfff 0xfff 0xfff 0xfff))
          (v128.and (i32x4.shr_u (local.get $a) (i32.const 13)) (v128.const i32x4 1 1 1 1)))
        (v128.const i32x4 0x38000000 0x38000000 0x38000000 0x38000000))
      (i32.const 13)))
    ;; |x| >= 65520 rounds to infinity (NaN inputs never reach the kernels: the host validates weights)
    (local.set $normal (v128.bitselect (v128.const i32x4 0x7c00 0x7c00 0x7c00 0x7c00) (local.get $normal)
      (i32x4.ge_u (local.get $a) (v128.const i32x4 0x477ff000 0x477ff000 0x477ff000 0x477ff000))))
    (local.set $subnormal (i32x4.trunc_sat_f32x4_u
      (f32x4.nearest (f32x4.mul (local.get $a) (v128.const f32x4 0x1p24 0x1p24 0x1p24 0x1p24)))))
    (v128.or
      (v128.bitselect (local.get $normal) (local.get $subnormal)
        (i32x4.ge_u (local.get $a) (v128.const i32x4 0x38800000 0x38800000 0x38800000 0x38800000)))
      (v128.and (i32x4.shr_u (local.get $x) (i32.const 16)) (v128.const i32x4 0x8000 0x8000 0x8000 0x8000))))

  ;; One f32 to f16 bits, through the vector routine so that there is a single rounding rule.
  (func $f32_to_f16 (param $x f32) (result i32)
    (i32x4.extract_lane 0 (call $f32x4_to_f16x4 (f32x4.splat (local.get $x)))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Small vector helpers
  ;; ---------------------------------------------------------------------------------------------------------

  ;; Sum of the four f32 lanes, pairwise.
  (func $hsum_f32x4 (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; Sum of the four i32 lanes.
  (func $hsum_i32x4 (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; e^x for two f64 lanes: x = n ln2 + r with |r| <= ln2/2, e^r by its Taylor series to r^11 (relative error
  ;; below 1e-12), times 2^n built in the exponent field. x is clamped to [-708, 709] so that 2^n stays a normal
  ;; double; beyond that e^x is 0 or infinite once rounded to f32 anyway.
  (func $exp_f64x2 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f64x2.pmax (f64x2.pmin (local.get $x) (v128.const f64x2 709 709)) (v128.const f64x2 -708 -708)))
    (local.set $n (f64x2.nearest (f64x2.mul (local.get $x) (v128.const f64x2 0x1.71547652b82fep+0 0x1.71547652b82fep+0))))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $x) (f64x2.mul (local.get $n) (v128.const f64x2 0x1.62e42fefa3800p-1 0x1.62e42fefa3800p-1)))
      (f64x2.mul (local.get $n) (v128.const f64x2 0x1.ef35793c76730p-45 0x1.ef35793c76730p-45))))
    ;; Horner: 1 + r (1 + r/2 (1 + r/3 (... (1 + r/11))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r) (v128.const f64x2 0x1.745d1745d1746p-4 0x1.745d1745d1746p-4))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0.1 0.1)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0x1.c71c71c71c71cp-4 0x1.c71c71c71c71cp-4)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0.125 0.125)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0x1.2492492492492p-3 0x1.2492492492492p-3)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0.2 0.2)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0.25 0.25)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0x1.5555555555555p-2 0x1.5555555555555p-2)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (f64x2.mul (local.get $r) (v128.const f64x2 0.5 0.5)) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r) (local.get $p))))
    ;; 2^n: (n + 1023) << 52 as the bits of a double
    (f64x2.mul (local.get $p)
      (i64x2.shl
        (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $n))) (v128.const i64x2 1023 1023))
        (i32.const 52))))

  ;; e^x for four f32 lanes, computed in f64 and rounded once, so that it agrees with a correctly rounded expf
  ;; (and with the reference's Math.exp) except in rare ties; a cheaper f32 polynomial differs by an ulp often
  ;; enough to flip an activation's Q8 rounding downstream.
  (func $exp_f32x4 (param $x v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (call $exp_f64x2 (f64x2.promote_low_f32x4 (local.get $x))))
      (f32x4.demote_f64x2_zero (call $exp_f64x2 (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))))

  ;; tanh(x) = sign(x) (1 - 2 / (e^(2|x|) + 1)) for two f64 lanes (f64 keeps small |x| accurate as well).
  (func $tanh_f64x2 (param $x v128) (result v128)
    (v128.or
      (f64x2.sub (v128.const f64x2 1 1)
        (f64x2.div (v128.const f64x2 2 2)
          (f64x2.add (call $exp_f64x2 (f64x2.mul (f64x2.abs (local.get $x)) (v128.const f64x2 2 2))) (v128.const f64x2 1 1))))
      (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))

  ;; tanh of one f32 value, through f64 and rounded once.
  (func $tanh_f32 (param $x f32) (result f32)
    (f32.demote_f64 (f64x2.extract_lane 0 (call $tanh_f64x2 (f64x2.splat (f64.promote_f32 (local.get $x)))))))

  ;; Dot product of two f32 rows with f64 products and sums (attention scores: 2 lanes x 2 accumulators).
  (func $dot_f32_f64 (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $end i32) (local $va v128) (local $vb v128) (local $s0 v128) (local $s1 v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (local.set $va (v128.load (local.get $a)))
      (local.set $vb (v128.load (local.get $b)))
      (local.set $s0 (f64x2.add (local.get $s0)
        (f64x2.mul (f64x2.promote_low_f32x4 (local.get $va)) (f64x2.promote_low_f32x4 (local.get $vb)))))
      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $va) (local.get $va)))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $vb) (local.get $vb))))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br $step)))
    (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
    (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Activation rounding (the vec_dot_type conversions)
  ;; ---------------------------------------------------------------------------------------------------------

  ;; Q8_0 and Q8_1 activations (ggml's AVX2 quantize_row_q8_0 and quantize_row_q8_1): per block of 32,
  ;; amax = max |x|, d = amax / 127 stored as f16, q = round-half-even(x * (127 / amax)) computed in f32. A Q8_1
  ;; block also stores s = d * sum(q) (d still f32, one rounding to f16) right after d, for the affine weights.
  ;; $qs is where a block's quants start: 2 (Q8_0, 34-byte blocks) or 4 (Q8_1, 36-byte blocks). $n is a
  ;; multiple of 32.
  (func $quantize_q8 (param $x i32) (param $dst i32) (param $n i32) (param $qs i32)
    (local $end i32) (local $i i32) (local $max v128) (local $amax f32) (local $d f32) (local $id v128)
    (local $q v128) (local $sum i32) (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $max (v128.const f32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (loop $amax
        (local.set $max (f32x4.max (local.get $max)
          (f32x4.abs (v128.load (i32.add (local.get $x) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $amax (i32.lt_u (local.get $i) (i32.const 128))))
      (local.set $amax (f32.max
        (f32.max (f32x4.extract_lane 0 (local.get $max)) (f32x4.extract_lane 1 (local.get $max)))
        (f32.max (f32x4.extract_lane 2 (local.get $max)) (f32x4.extract_lane 3 (local.get $max)))))
      (local.set $d (f32.div (local.get $amax) (f32.const 127)))
      (i32.store16 (local.get $dst) (call $f32_to_f16 (local.get $d)))
      (local.set $id (f32x4.splat
        (select (f32.div (f32.const 127) (local.get $amax)) (f32.const 0) (f32.ne (local.get $amax) (f32.const 0)))))
      ;; two rounds of 16: four f32x4 -> i32x4 -> two i16x8 -> one i8x16
      (local.set $sum (i32.const 0))
      (local.set $i (i32.const 0))
      (loop $round
        (local.set $q0 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load (local.get $x)) (local.get $id)))))
        (local.set $q1 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=16 (local.get $x)) (local.get $id)))))
        (local.set $q2 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=32 (local.get $x)) (local.get $id)))))
        (local.set $q3 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=48 (local.get $x)) (local.get $id)))))
        (local.set $q (i8x16.narrow_i16x8_s (i16x8.narrow_i32x4_s (local.get $q0) (local.get $q1))
          (i16x8.narrow_i32x4_s (local.get $q2) (local.get $q3))))
        (v128.store (i32.add (i32.add (local.get $dst) (local.get $qs)) (local.get $i)) (local.get $q))
        (local.set $sum (i32.add (local.get $sum)
          (call $hsum_i32x4 (i32x4.extadd_pairwise_i16x8_s (i16x8.extadd_pairwise_i8x16_s (local.get $q))))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $round (i32.lt_u (local.get $i) (i32.const 32))))
      (if (i32.eq (local.get $qs) (i32.const 4))
        (then (i32.store16 offset=2 (local.get $dst)
          (call $f32_to_f16 (f32.mul (local.get $d) (f32.convert_i32_s (local.get $sum)))))))
      (local.set $dst (i32.add (local.get $dst) (i32.add (local.get $qs) (i32.const 32))))
      (br $block))))

  ;; Q8_0 activations: 34-byte blocks (f16 d, 32 q).
  (func (export "quantize_q8_0") (param $x i32) (param $dst i32) (param $n i32)
    (call $quantize_q8 (local.get $x) (local.get $dst) (local.get $n) (i32.const 2)))

  ;; Q8_1 activations: 36-byte blocks (f16 d, f16 s, 32 q).
  (func (export "quantize_q8_1") (param $x i32) (param $dst i32) (param $n i32)
    (call $quantize_q8 (local.get $x) (local.get $dst) (local.get $n) (i32.const 4)))

  ;; Q8_K activations (ggml's quantize_row_q8_K_ref): per block of 256, max = the element of largest |x| (the
  ;; first on ties), iscale = -127 / max, q = min(127, round-half-even(iscale * x)), d = 1 / iscale, and the
  ;; sum of every 16 q. $n is a multiple of 256.
  (func (export "quantize_q8_k") (param $x i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $i i32) (local $v f32) (local $amax f32) (local $max f32) (local $iscale v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      ;; the signed value matters, so this search is scalar: strict > keeps the first maximum
      (local.set $amax (f32.const 0))
      (local.set $max (f32.const 0))
      (local.set $i (i32.const 0))
      (loop $search
        (local.set $v (f32.load (i32.add (local.get $x) (local.get $i))))
        (if (f32.gt (f32.abs (local.get $v)) (local.get $amax))
          (then (local.set $amax (f32.abs (local.get $v))) (local.set $max (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $search (i32.lt_u (local.get $i) (i32.const 1024))))
      (if (f32.eq (local.get $amax) (f32.const 0))
        (then
          (f32.store (local.get $dst) (f32.const 0))
          (memory.fill (i32.add (local.get $dst) (i32.const 4)) (i32.const 0) (i32.const 288)))
        (else
          (local.set $iscale (f32x4.splat (f32.div (f32.const -127) (local.get $max))))
          (f32.store (local.get $dst) (f32.div (f32.const 1) (f32x4.extract_lane 0 (local.get $iscale))))
          (local.set $i (i32.const 0))
          (loop $round
            (local.set $q0 (i32x4.min_s (v128.const i32x4 127 127 127 127) (i32x4.trunc_sat_f32x4_s (f32x4.nearest
              (f32x4.mul (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))) (local.get $iscale))))))
            (local.set $q1 (i32x4.min_s (v128.const i32x4 127 127 127 127) (i32x4.trunc_sat_f32x4_s (f32x4.nearest
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))) (local.get $iscale))))))
            (local.set $q2 (i32x4.min_s (v128.const i32x4 127 127 127 127) (i32x4.trunc_sat_f32x4_s (f32x4.nearest
              (f32x4.mul (v128.load offset=32 (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))) (local.get $iscale))))))
            (local.set $q3 (i32x4.min_s (v128.const i32x4 127 127 127 127) (i32x4.trunc_sat_f32x4_s (f32x4.nearest
              (f32x4.mul (v128.load offset=48 (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))) (local.get $iscale))))))
            (v128.store offset=4 (i32.add (local.get $dst) (local.get $i))
              (i8x16.narrow_i16x8_s (i16x8.narrow_i32x4_s (local.get $q0) (local.get $q1))
                (i16x8.narrow_i32x4_s (local.get $q2) (local.get $q3))))
            ;; bsums[i / 16] = sum of these 16 q
            (i32.store16 offset=260 (i32.add (local.get $dst) (i32.shr_u (local.get $i) (i32.const 3)))
              (call $hsum_i32x4 (i32x4.extadd_pairwise_i16x8_s (i16x8.extadd_pairwise_i8x16_s
                (v128.load offset=4 (i32.add (local.get $dst) (local.get $i)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br_if $round (i32.lt_u (local.get $i) (i32.const 256))))))
      (local.set $x (i32.add (local.get $x) (i32.const 1024)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 292)))
      (br $block))))

  ;; F16 activations: each f32 rounded to the nearest f16 (ties to even), kept as f32.
  (func (export "round_f16") (param $x i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $tail i32)
    (local.set $tail (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $dst) (call $f16x4_to_f32x4 (call $f32x4_to_f16x4 (v128.load (local.get $x)))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $vec)))
    (block $done (loop $scalar
      (br_if $done (i32.ge_u (local.get $x) (local.get $tail)))
      (f32.store (local.get $dst) (call $f16_to_f32 (call $f32_to_f16 (f32.load (local.get $x)))))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (br $scalar))))

  ;; Four f32 rounded to bf16 (kept as f32, the low 16 bits zero) as ggml_compute_fp32_to_bf16 does: add
  ;; 0x7fff plus the lowest kept bit (ties to even) and drop 16 bits; a NaN keeps its top bits and turns quiet.
  (func $bf16x4 (param $u v128) (result v128)
    (v128.and
      (v128.bitselect
        (v128.or (local.get $u) (v128.const i32x4 0x400000 0x400000 0x400000 0x400000))
        (i32x4.add (i32x4.add (local.get $u) (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff))
          (v128.and (i32x4.shr_u (local.get $u) (i32.const 16)) (v128.const i32x4 1 1 1 1)))
        (i32x4.gt_u (v128.and (local.get $u) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
          (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000)))
      (v128.const i32x4 0xffff0000 0xffff0000 0xffff0000 0xffff0000)))

  ;; BF16 activations: each f32 rounded to bf16, kept as f32.
  (func (export "round_bf16") (param $x i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $tail i32)
    (local.set $tail (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $dst) (call $bf16x4 (v128.load (local.get $x))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $vec)))
    (block $done (loop $scalar
      (br_if $done (i32.ge_u (local.get $x) (local.get $tail)))
      (i32.store (local.get $dst) (i32x4.extract_lane 0 (call $bf16x4 (v128.load32_splat (local.get $x)))))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (br $scalar))))


  ;; ---------------------------------------------------------------------------------------------------------
  ;; Integer dot products and prepared activations
  ;; ---------------------------------------------------------------------------------------------------------
  ;;
  ;; The quantized kernels multiply int8 activations with small integer weights using
  ;; i16x8.relaxed_dot_i8x16_i7x16_s (one pmaddubsw on x86): each i16 lane gets the sum of two neighbouring byte
  ;; products, and i32x4.extadd_pairwise_i16x8_s (or i32x4.dot_i16x8_s with the group scales, like ggml's
  ;; madd) then adds neighbouring pairs into i32 lanes. The rules that make it exact and machine-independent:
  ;; - the second operand must be in 0..127. Unsigned 4-bit weights (Q4_0, Q4_K) go in as they are, with Q4_0's
  ;;   +8 offset subtracted through the activation pair sums; signed Q8_0 weights go in as |w| with the sign
  ;;   moved onto the activation (ggml's x86 trick: maddubs(|w|, sign(x, w))). A Q8_0 weight of -128 (never
  ;;   written by a quantizer) would leave that range; x86 still computes it exactly.
  ;; - no i16 sum may overflow: a pair of products is at most 2 * 127 * 127, and only 4-bit products (at most
  ;;   2 * 15 * 127 each) are added in i16 before widening.
  ;; - which bytes share an i32 lane matters, because each lane's integer sum becomes one f32 before the blocks
  ;;   are accumulated. Lane k always gets bytes 2k, 2k+1, 2k+8, 2k+9 of every 16; $group_lanes puts those four
  ;;   next to each other. Activations are rearranged once per `linear` (prepare_q8_0, prepare_q8_k), packed
  ;;   weight bytes once per block by the same permutation, written in the kernels as i8x16.relaxed_swizzle with
  ;;   the index vector $order held in a local: one pshufb per block, where V8 rebuilds an i8x16.shuffle's
  ;;   constant mask every time (decoding got 10-20% faster). Indices below 16 make the relaxed swizzle exact on
  ;;   every engine.

  ;; Bytes 2k, 2k+1, 2k+8, 2k+9 of $v moved to positions 4k..4k+3 (one pshufb).
  (func $group_lanes (param $v v128) (result v128)
    (i8x16.shuffle 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15 (local.get $v) (local.get $v)))

  ;; Q8_0 and Q8_1 activations prepared for the kernels: each ggml block at $src (34 or 36 bytes, its quants at
  ;; $qs = 2 or 4) becomes 64 bytes at $dst: the 32 q in lane order (16 + 16), the pair sums of both halves
  ;; (i16 lane j: bytes 2j and 2j+1 of each half, at most 4 * 127), d widened to f32 once here instead of once
  ;; per weight row, and for Q8_1 s widened to f32 after it. The rest is padding, so every load is aligned.
  (func $prepare_q8 (param $src i32) (param $dst i32) (param $blocks i32) (param $qs i32)
    (local $end i32) (local $lo v128) (local $hi v128)
    (local.set $end (i32.add (local.get $src) (i32.mul (local.get $blocks) (i32.add (local.get $qs) (i32.const 32)))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (local.set $lo (call $group_lanes (v128.load (i32.add (local.get $src) (local.get $qs)))))
      (local.set $hi (call $group_lanes (v128.load offset=16 (i32.add (local.get $src) (local.get $qs)))))
      (v128.store (local.get $dst) (local.get $lo))
      (v128.store offset=16 (local.get $dst) (local.get $hi))
      (v128.store offset=32 (local.get $dst)
        (i16x8.add (i16x8.extadd_pairwise_i8x16_s (local.get $lo)) (i16x8.extadd_pairwise_i8x16_s (local.get $hi))))
      (f32.store offset=48 (local.get $dst) (call $f16_to_f32 (i32.load16_u (local.get $src))))
      (if (i32.eq (local.get $qs) (i32.const 4))
        (then (f32.store offset=52 (local.get $dst) (call $f16_to_f32 (i32.load16_u offset=2 (local.get $src))))))
      (local.set $src (i32.add (local.get $src) (i32.add (local.get $qs) (i32.const 32))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
      (br $block))))

  ;; Rearranges $blocks ggml Q8_0 blocks (34 bytes) at $src into prepared blocks at $dst.
  (func (export "prepare_q8_0") (param $src i32) (param $dst i32) (param $blocks i32)
    (call $prepare_q8 (local.get $src) (local.get $dst) (local.get $blocks) (i32.const 2)))

  ;; Rearranges $blocks ggml Q8_1 blocks (36 bytes) at $src into prepared blocks at $dst.
  (func (export "prepare_q8_1") (param $src i32) (param $dst i32) (param $blocks i32)
    (call $prepare_q8 (local.get $src) (local.get $dst) (local.get $blocks) (i32.const 4)))

  ;; Q8_K activations prepared in place: the 256 q of each 292-byte block put in lane order, 16 at a time; d and
  ;; the bsums (sums of 16 q, which do not depend on the order) stay where ggml has them.
  (func (export "prepare_q8_k") (param $x i32) (param $blocks i32)
    (local $end i32) (local $i i32)
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $blocks) (i32.const 292))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $i (local.get $x))
      (loop $chunk
        (v128.store offset=4 (local.get $i) (call $group_lanes (v128.load offset=4 (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $chunk (i32.lt_u (local.get $i) (i32.add (local.get $x) (i32.const 256)))))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Dot products. Every weight type has two kernels: $dot1_* (one weight row with one activation row) and
  ;; $dot4_* (one weight row with four activation rows, decoding each weight block once for all four). Both
  ;; compute each (row, token) pair with the same operations in the same order, so a result never depends on
  ;; which kernel computed it. `matmul` picks them by kind from the tables above.
  ;; ---------------------------------------------------------------------------------------------------------

  ;; F32 x F32: four vector accumulators of 16 elements per step (like ggml's GGML_F32_STEP), then 4 at a
  ;; time, then the scalar tail.
  (func $dot1_f32 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $end16 i32) (local $end4 i32) (local $end i32) (local $sum f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end16 (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $w) (local.get $end16)))
      (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $w)) (v128.load (local.get $x)))))
      (local.set $a1 (f32x4.add (local.get $a1)
        (f32x4.mul (v128.load offset=16 (local.get $w)) (v128.load offset=16 (local.get $x)))))
      (local.set $a2 (f32x4.add (local.get $a2)
        (f32x4.mul (v128.load offset=32 (local.get $w)) (v128.load offset=32 (local.get $x)))))
      (local.set $a3 (f32x4.add (local.get $a3)
        (f32x4.mul (v128.load offset=48 (local.get $w)) (v128.load offset=48 (local.get $x)))))
      (local.set $w (i32.add (local.get $w) (i32.const 64)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (br $step)))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $w) (local.get $end4)))
      (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $w)) (v128.load (local.get $x)))))
      (local.set $w (i32.add (local.get $w) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (br $step)))
    (local.set $sum (call $hsum_f32x4
      (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $sum (f32.add (local.get $sum) (f32.mul (f32.load (local.get $w)) (f32.load (local.get $x)))))
      (local.set $w (i32.add (local.get $w) (i32.const 4)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (br $step)))
    (local.get $sum))

  ;; F32 weights need no decoding to share between tokens, so four tokens are four row dot products.
  (func $dot4_f32 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (call $dot1_f32 (local.get $w) (local.get $x) (local.get $n))
    (call $dot1_f32 (local.get $w) (i32.add (local.get $x) (local.get $stride)) (local.get $n))
    (call $dot1_f32 (local.get $w) (i32.add (local.get $x) (i32.shl (local.get $stride) (i32.const 1))) (local.get $n))
    (call $dot1_f32 (local.get $w) (i32.add (local.get $x) (i32.mul (local.get $stride) (i32.const 3))) (local.get $n)))


  ;; F16 weights x f16-rounded f32 activations: 8 weights per step are widened to f32 and multiplied into two
  ;; accumulators, summed pairwise; the last n % 8 follow one at a time ($f16_tail).
  ;; The widening is $f16x4_to_f32x4's arithmetic arranged for 8 lanes at once: the top 16 bits of each f32
  ;; (the sign, and the all-ones exponent of infinities and NaNs, 0x7f80) are built in the 16-bit lanes and
  ;; interleaved above the rebiased exponent and mantissa, (em << 13) * 2^112.
  (func $f16_tail (param $sum f32) (param $w i32) (param $x i32) (param $end i32) (result f32)
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $sum (f32.add (local.get $sum)
        (f32.mul (call $f16_to_f32 (i32.load16_u (local.get $w))) (f32.load (local.get $x)))))
      (local.set $w (i32.add (local.get $w) (i32.const 2)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (br $step)))
    (local.get $sum))

  (func $dot1_f16 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $end8 i32) (local $h v128) (local $em v128) (local $top v128) (local $a0 v128) (local $a1 v128)
    (local $lo v128) (local $hi v128) (local $zero v128) (local $mEm v128) (local $mSign v128) (local $mInf v128)
    (local $maxFinite v128) (local $bias v128)
    (local.set $mEm (v128.const i16x8 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff))
    (local.set $mSign (v128.const i16x8 0x8000 0x8000 0x8000 0x8000 0x8000 0x8000 0x8000 0x8000))
    (local.set $mInf (v128.const i16x8 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80))
    (local.set $maxFinite (v128.const i16x8 0x7bff 0x7bff 0x7bff 0x7bff 0x7bff 0x7bff 0x7bff 0x7bff))
    (local.set $bias (v128.const f32x4 0x1p112 0x1p112 0x1p112 0x1p112))
    (local.set $end8 (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $w) (local.get $end8)))
      (local.set $h (v128.load (local.get $w)))
      (local.set $em (v128.and (local.get $h) (local.get $mEm)))
      (local.set $top (v128.or (v128.and (local.get $h) (local.get $mSign))
        (v128.and (i16x8.gt_s (local.get $em) (local.get $maxFinite)) (local.get $mInf))))
      (local.set $lo (v128.or
        (f32x4.mul (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $em)) (i32.const 13)) (local.get $bias))
        (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $zero) (local.get $top))))
      (local.set $hi (v128.or
        (f32x4.mul (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $em)) (i32.const 13)) (local.get $bias))
        (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $zero) (local.get $top))))
      (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $lo) (v128.load (local.get $x)))))
      (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $hi) (v128.load offset=16 (local.get $x)))))
      (local.set $w (i32.add (local.get $w) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 32)))
      (br $step)))
    (call $f16_tail (call $hsum_f32x4 (f32x4.add (local.get $a0) (local.get $a1))) (local.get $w) (local.get $x)
      (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 1)))))

  (func $dot4_f16 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $end8 i32) (local $tail i32) (local $h v128) (local $em v128) (local $top v128)
    (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local $a2 v128) (local $b2 v128) (local $a3 v128) (local $b3 v128)
    (local $lo v128) (local $hi v128) (local $zero v128) (local $mEm v128) (local $mSign v128) (local $mInf v128)
    (local $maxFinite v128) (local $bias v128)
    (local.set $mEm (v128.const i16x8 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff))
    (local.set $mSign (v128.const i16x8 0x8000 0x8000 0x8000 0x8000 0x8000 0x8000 0x8000 0x8000))
    (local.set $mInf (v128.const i16x8 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80))
    (local.set $maxFinite (v128.const i16x8 0x7bff 0x7bff 0x7bff 0x7bff 0x7bff 0x7bff 0x7bff 0x7bff))
    (local.set $bias (v128.const f32x4 0x1p112 0x1p112 0x1p112 0x1p112))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (local.set $end8 (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (local.set $tail (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 1)))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $w) (local.get $end8)))
      (local.set $h (v128.load (local.get $w)))
      (local.set $em (v128.and (local.get $h) (local.get $mEm)))
      (local.set $top (v128.or (v128.and (local.get $h) (local.get $mSign))
        (v128.and (i16x8.gt_s (local.get $em) (local.get $maxFinite)) (local.get $mInf))))
      (local.set $lo (v128.or
        (f32x4.mul (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $em)) (i32.const 13)) (local.get $bias))
        (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $zero) (local.get $top))))
      (local.set $hi (v128.or
        (f32x4.mul (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $em)) (i32.const 13)) (local.get $bias))
        (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $zero) (local.get $top))))
      (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $lo) (v128.load (local.get $x)))))
      (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $hi) (v128.load offset=16 (local.get $x)))))
      (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $lo) (v128.load (local.get $x1)))))
      (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $hi) (v128.load offset=16 (local.get $x1)))))
      (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $lo) (v128.load (local.get $x2)))))
      (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $hi) (v128.load offset=16 (local.get $x2)))))
      (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $lo) (v128.load (local.get $x3)))))
      (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $hi) (v128.load offset=16 (local.get $x3)))))
      (local.set $w (i32.add (local.get $w) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 32)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 32)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 32)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 32)))
      (br $step)))
    (call $f16_tail (call $hsum_f32x4 (f32x4.add (local.get $a0) (local.get $b0))) (local.get $w) (local.get $x)
      (i32.add (local.get $w) (local.get $tail)))
    (call $f16_tail (call $hsum_f32x4 (f32x4.add (local.get $a1) (local.get $b1))) (local.get $w) (local.get $x1)
      (i32.add (local.get $w) (local.get $tail)))
    (call $f16_tail (call $hsum_f32x4 (f32x4.add (local.get $a2) (local.get $b2))) (local.get $w) (local.get $x2)
      (i32.add (local.get $w) (local.get $tail)))
    (call $f16_tail (call $hsum_f32x4 (f32x4.add (local.get $a3) (local.get $b3))) (local.get $w) (local.get $x3)
      (i32.add (local.get $w) (local.get $tail))))


  ;; Q8_0 x Q8_0 (34-byte weight blocks of 32, prepared activations): per block, the integer dot of |w| with
  ;; sign(x, w), scaled by d_w * d_x and added to four f32 lanes. $lo/$hi are the two halves of w in lane
  ;; order, $mlo/$mhi (in $dot4_q8_0) their |w|, $nlo/$nhi all-ones where w is negative; x becomes sign(x, w) as
  ;; (x ^ n) - n. The per-token steps are written out rather than called: V8 inlines only part of a function's
  ;; calls, and a call per block costs as much as the block.
  (func $dot1_q8_0 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $end i32) (local $acc v128) (local $lo v128) (local $hi v128) (local $nlo v128) (local $nhi v128)
    (local $order v128) (local $ones v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $ones (v128.const i16x8 1 1 1 1 1 1 1 1))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 34))))
    ;; blocks two per pass after one alone when their count is odd, as in $dot1_q4_0
    (if (i32.and (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 1)) (then
      (local.set $lo (i8x16.relaxed_swizzle (v128.load offset=2 (local.get $w)) (local.get $order)))
      (local.set $hi (i8x16.relaxed_swizzle (v128.load offset=18 (local.get $w)) (local.get $order)))
      (local.set $nlo (i8x16.lt_s (local.get $lo) (v128.const i32x4 0 0 0 0)))
      (local.set $nhi (i8x16.lt_s (local.get $hi) (v128.const i32x4 0 0 0 0)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=0 (local.get $x)) (local.get $nlo)) (local.get $nlo))
            (i8x16.abs (local.get $lo))) (local.get $ones))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x)) (local.get $nhi)) (local.get $nhi))
            (i8x16.abs (local.get $hi))) (local.get $ones))))
        (f32x4.splat (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u offset=0 (local.get $w)) (i32.const 2)))
          (f32.load offset=48 (local.get $x)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 34)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))))
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $lo (i8x16.relaxed_swizzle (v128.load offset=2 (local.get $w)) (local.get $order)))
      (local.set $hi (i8x16.relaxed_swizzle (v128.load offset=18 (local.get $w)) (local.get $order)))
      (local.set $nlo (i8x16.lt_s (local.get $lo) (v128.const i32x4 0 0 0 0)))
      (local.set $nhi (i8x16.lt_s (local.get $hi) (v128.const i32x4 0 0 0 0)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=0 (local.get $x)) (local.get $nlo)) (local.get $nlo))
            (i8x16.abs (local.get $lo))) (local.get $ones))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x)) (local.get $nhi)) (local.get $nhi))
            (i8x16.abs (local.get $hi))) (local.get $ones))))
        (f32x4.splat (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u offset=0 (local.get $w)) (i32.const 2)))
          (f32.load offset=48 (local.get $x)))))))
      (local.set $lo (i8x16.relaxed_swizzle (v128.load offset=36 (local.get $w)) (local.get $order)))
      (local.set $hi (i8x16.relaxed_swizzle (v128.load offset=52 (local.get $w)) (local.get $order)))
      (local.set $nlo (i8x16.lt_s (local.get $lo) (v128.const i32x4 0 0 0 0)))
      (local.set $nhi (i8x16.lt_s (local.get $hi) (v128.const i32x4 0 0 0 0)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=64 (local.get $x)) (local.get $nlo)) (local.get $nlo))
            (i8x16.abs (local.get $lo))) (local.get $ones))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=80 (local.get $x)) (local.get $nhi)) (local.get $nhi))
            (i8x16.abs (local.get $hi))) (local.get $ones))))
        (f32x4.splat (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u offset=34 (local.get $w)) (i32.const 2)))
          (f32.load offset=112 (local.get $x)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 68)))
      (local.set $x (i32.add (local.get $x) (i32.const 128)))
      (br $pair)))
    (call $hsum_f32x4 (local.get $acc)))

  (func $dot4_q8_0 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $end i32) (local $lo v128) (local $hi v128) (local $mlo v128) (local $mhi v128) (local $nlo v128)
    (local $nhi v128) (local $dw f32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $order v128) (local $ones v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $ones (v128.const i16x8 1 1 1 1 1 1 1 1))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 34))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $lo (v128.load offset=2 (local.get $w)))
      (local.set $lo (i8x16.relaxed_swizzle (local.get $lo) (local.get $order)))
      (local.set $hi (v128.load offset=18 (local.get $w)))
      (local.set $hi (i8x16.relaxed_swizzle (local.get $hi) (local.get $order)))
      (local.set $mlo (i8x16.abs (local.get $lo)))
      (local.set $nlo (i8x16.lt_s (local.get $lo) (v128.const i32x4 0 0 0 0)))
      (local.set $mhi (i8x16.abs (local.get $hi)))
      (local.set $nhi (i8x16.lt_s (local.get $hi) (v128.const i32x4 0 0 0 0)))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x)) (local.get $nlo)) (local.get $nlo)) (local.get $mlo)) (local.get $ones))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x)) (local.get $nhi)) (local.get $nhi)) (local.get $mhi)) (local.get $ones))))
        (f32x4.splat (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x)))))))
      (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x1)) (local.get $nlo)) (local.get $nlo)) (local.get $mlo)) (local.get $ones))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x1)) (local.get $nhi)) (local.get $nhi)) (local.get $mhi)) (local.get $ones))))
        (f32x4.splat (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x1)))))))
      (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x2)) (local.get $nlo)) (local.get $nlo)) (local.get $mlo)) (local.get $ones))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x2)) (local.get $nhi)) (local.get $nhi)) (local.get $mhi)) (local.get $ones))))
        (f32x4.splat (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x2)))))))
      (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x3)) (local.get $nlo)) (local.get $nlo)) (local.get $mlo)) (local.get $ones))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x3)) (local.get $nhi)) (local.get $nhi)) (local.get $mhi)) (local.get $ones))))
        (f32x4.splat (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x3)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 34)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 64)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 64)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 64)))
      (br $block)))
    (call $hsum_f32x4 (local.get $acc0))
    (call $hsum_f32x4 (local.get $acc1))
    (call $hsum_f32x4 (local.get $acc2))
    (call $hsum_f32x4 (local.get $acc3)))


  ;; Q4_0 x Q8_0 (18-byte blocks: f16 d, 16 bytes holding 32 nibbles; element j is the low nibble of byte j and
  ;; element j + 16 the high nibble, both stored +8). The nibbles 0..15 enter the dot product unsigned; the +8
  ;; comes off as 8 * (pair sums of x) in the i16 lanes, so each i32 lane holds exactly sum (q - 8) * x.
  ;; $dot1_q4_0 takes the blocks two per loop pass (after one alone when their count is odd), still in order,
  ;; so the loop's pointer updates and branch are paid once per 64 elements (5-8% faster decoding). The i16
  ;; pairs are added into i32 lanes as a dot product with $ones, a register, which V8 compiles to one pmaddwd;
  ;; i32x4.extadd_pairwise_i16x8_s (the same sums) loads its constant from memory every time (3% slower).
  (func $dot1_q4_0 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $end i32) (local $acc v128) (local $qs v128) (local $low4 v128) (local $order v128) (local $ones v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $ones (v128.const i16x8 1 1 1 1 1 1 1 1))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 18))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (if (i32.and (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 1)) (then
      (local.set $qs (i8x16.relaxed_swizzle (v128.load offset=2 (local.get $w)) (local.get $order)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s (i16x8.sub
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=0 (local.get $x)) (v128.and (local.get $qs) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
          (i16x8.shl (v128.load offset=32 (local.get $x)) (i32.const 3))) (local.get $ones)))
        (f32x4.splat (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u offset=0 (local.get $w)) (i32.const 2)))
          (f32.load offset=48 (local.get $x)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 18)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))))
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (i8x16.relaxed_swizzle (v128.load offset=2 (local.get $w)) (local.get $order)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s (i16x8.sub
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=0 (local.get $x)) (v128.and (local.get $qs) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
          (i16x8.shl (v128.load offset=32 (local.get $x)) (i32.const 3))) (local.get $ones)))
        (f32x4.splat (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u offset=0 (local.get $w)) (i32.const 2)))
          (f32.load offset=48 (local.get $x)))))))
      (local.set $qs (i8x16.relaxed_swizzle (v128.load offset=20 (local.get $w)) (local.get $order)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s (i16x8.sub
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=64 (local.get $x)) (v128.and (local.get $qs) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=80 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
          (i16x8.shl (v128.load offset=96 (local.get $x)) (i32.const 3))) (local.get $ones)))
        (f32x4.splat (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u offset=18 (local.get $w)) (i32.const 2)))
          (f32.load offset=112 (local.get $x)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 36)))
      (local.set $x (i32.add (local.get $x) (i32.const 128)))
      (br $pair)))
    (call $hsum_f32x4 (local.get $acc)))

  (func $dot4_q4_0 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $end i32) (local $qs v128) (local $lo v128) (local $hi v128) (local $dw f32) (local $low4 v128)
    (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $order v128) (local $ones v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $ones (v128.const i16x8 1 1 1 1 1 1 1 1))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 18))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=2 (local.get $w)))
      (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
      (local.set $lo (v128.and (local.get $qs) (local.get $low4)))
      (local.set $hi (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4)))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x)) (i32.const 3))) (local.get $ones)))
        (f32x4.splat (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x)))))))
      (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x1)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x1)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x1)) (i32.const 3))) (local.get $ones)))
        (f32x4.splat (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x1)))))))
      (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x2)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x2)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x2)) (i32.const 3))) (local.get $ones)))
        (f32x4.splat (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x2)))))))
      (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul
        (f32x4.convert_i32x4_s (i32x4.dot_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x3)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x3)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x3)) (i32.const 3))) (local.get $ones)))
        (f32x4.splat (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x3)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 18)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 64)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 64)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 64)))
      (br $block)))
    (call $hsum_f32x4 (local.get $acc0))
    (call $hsum_f32x4 (local.get $acc1))
    (call $hsum_f32x4 (local.get $acc2))
    (call $hsum_f32x4 (local.get $acc3)))


  ;; The 8 scales (bytes 0-7) and 8 mins (bytes 8-15) of a Q4_K/Q5_K block from its 12 packed 6-bit values at
  ;; $q, unpacked four at a time as ggml's x86 kernels do (its utmp shuffle): sub-blocks 0-3 keep the low 6 bits
  ;; of bytes j (scale) and j+4 (min); 4-7 put a nibble of byte j+4 under the top 2 bits of bytes j-4 (scale)
  ;; and j (min).
  (func $scales_mins_k4 (param $q i32) (result v128)
    (local $u0 i32) (local $u1 i32) (local $u2 i32)
    (local.set $u0 (i32.load (local.get $q)))
    (local.set $u1 (i32.load offset=4 (local.get $q)))
    (local.set $u2 (i32.load offset=8 (local.get $q)))
    (i32x4.replace_lane 3
      (i32x4.replace_lane 2
        (i32x4.replace_lane 1
          (i32x4.splat (i32.and (local.get $u0) (i32.const 0x3f3f3f3f)))
          (i32.or (i32.and (local.get $u2) (i32.const 0x0f0f0f0f))
            (i32.shl (i32.and (i32.shr_u (local.get $u0) (i32.const 6)) (i32.const 0x03030303)) (i32.const 4))))
        (i32.and (local.get $u1) (i32.const 0x3f3f3f3f)))
      (i32.or (i32.and (i32.shr_u (local.get $u2) (i32.const 4)) (i32.const 0x0f0f0f0f))
        (i32.shl (i32.and (i32.shr_u (local.get $u1) (i32.const 6)) (i32.const 0x03030303)) (i32.const 4)))))

  ;; Q4_K x Q8_K (144-byte blocks of 256: f16 d, f16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles).
  ;; Each 32 bytes of nibbles hold two sub-blocks of 32: low nibbles the first, high nibbles the second.
  ;; value = d * scale * q - dmin * min, so a block contributes
  ;; d_x * (d * sum_j scale_j * (q_j . x_j) - dmin * sum_j min_j * sum(x_j)).
  ;; Both integer sums are exact: isum (i32x4) gathers scale_j * (q_j . x_j) over 4 pairs of sub-blocks, and
  ;; the min sum is one int16 dot product of the mins with the sub-block sums of x (pairs of bsums, each within
  ;; int16: 32 * 127). Per block and token, two f32 steps follow: acc += isum * (d_x * d) and
  ;; accMin += (d_x * dmin) * minSum; the row's result is hsum(acc) - accMin.
  ;; Per pair the weights decode to four vectors of nibbles in lane order ($lo1 $lo2: low nibbles, the first
  ;; sub-block; $hi1 $hi2: the second) and two scales ($scLo $scHi), rotated out of $sm two bytes at a time;
  ;; after the four pairs the rotation has brought the mins to bytes 0-7.
  (func $dot1_q4_k (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $end i32) (local $qs v128) (local $qs2 v128)
    (local $sm v128) (local $mins v128) (local $d f32) (local $dmin f32) (local $dx f32) (local $low4 v128)
    (local $acc v128) (local $accMin f32) (local $isum v128)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 144))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $sm (call $scales_mins_k4 (i32.add (local.get $w) (i32.const 4))))
      (local.set $mins (i16x8.extend_high_i8x16_u (local.get $sm)))
      ;; the four 64-element groups written out: the scale pair of group j is bytes 2j and 2j + 1 of $sm
      (local.set $isum (v128.const i32x4 0 0 0 0))
      (local.set $qs (i8x16.relaxed_swizzle (v128.load offset=16 (local.get $w)) (local.get $order)))
      (local.set $qs2 (i8x16.relaxed_swizzle (v128.load offset=32 (local.get $w)) (local.get $order)))
      (local.set $isum (i32x4.add (i32x4.add (local.get $isum)
        (i32x4.dot_i16x8_s (i16x8.splat (i8x16.extract_lane_u 0 (local.get $sm)))
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (local.get $x)) (v128.and (local.get $qs) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (local.get $x)) (v128.and (local.get $qs2) (local.get $low4))))))
        (i32x4.dot_i16x8_s (i16x8.splat (i8x16.extract_lane_u 1 (local.get $sm)))
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=36 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=52 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs2) (i32.const 4)) (local.get $low4)))))))
      (local.set $qs (i8x16.relaxed_swizzle (v128.load offset=48 (local.get $w)) (local.get $order)))
      (local.set $qs2 (i8x16.relaxed_swizzle (v128.load offset=64 (local.get $w)) (local.get $order)))
      (local.set $isum (i32x4.add (i32x4.add (local.get $isum)
        (i32x4.dot_i16x8_s (i16x8.splat (i8x16.extract_lane_u 2 (local.get $sm)))
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=68 (local.get $x)) (v128.and (local.get $qs) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=84 (local.get $x)) (v128.and (local.get $qs2) (local.get $low4))))))
        (i32x4.dot_i16x8_s (i16x8.splat (i8x16.extract_lane_u 3 (local.get $sm)))
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=100 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=116 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs2) (i32.const 4)) (local.get $low4)))))))
      (local.set $qs (i8x16.relaxed_swizzle (v128.load offset=80 (local.get $w)) (local.get $order)))
      (local.set $qs2 (i8x16.relaxed_swizzle (v128.load offset=96 (local.get $w)) (local.get $order)))
      (local.set $isum (i32x4.add (i32x4.add (local.get $isum)
        (i32x4.dot_i16x8_s (i16x8.splat (i8x16.extract_lane_u 4 (local.get $sm)))
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=132 (local.get $x)) (v128.and (local.get $qs) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=148 (local.get $x)) (v128.and (local.get $qs2) (local.get $low4))))))
        (i32x4.dot_i16x8_s (i16x8.splat (i8x16.extract_lane_u 5 (local.get $sm)))
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=164 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=180 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs2) (i32.const 4)) (local.get $low4)))))))
      (local.set $qs (i8x16.relaxed_swizzle (v128.load offset=112 (local.get $w)) (local.get $order)))
      (local.set $qs2 (i8x16.relaxed_swizzle (v128.load offset=128 (local.get $w)) (local.get $order)))
      (local.set $isum (i32x4.add (i32x4.add (local.get $isum)
        (i32x4.dot_i16x8_s (i16x8.splat (i8x16.extract_lane_u 6 (local.get $sm)))
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=196 (local.get $x)) (v128.and (local.get $qs) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=212 (local.get $x)) (v128.and (local.get $qs2) (local.get $low4))))))
        (i32x4.dot_i16x8_s (i16x8.splat (i8x16.extract_lane_u 7 (local.get $sm)))
          (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=228 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4)))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=244 (local.get $x))
              (v128.and (i16x8.shr_u (local.get $qs2) (i32.const 4)) (local.get $low4)))))))
      (local.set $d (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $dmin (f32.load offset=256 (i32.shl (i32.load16_u offset=2 (local.get $w)) (i32.const 2))))
      (local.set $dx (f32.load (local.get $x)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (f32x4.convert_i32x4_s (local.get $isum))
        (f32x4.splat (f32.mul (local.get $dx) (local.get $d))))))
      (local.set $accMin (f32.add (local.get $accMin) (f32.mul (f32.mul (local.get $dx) (local.get $dmin))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x))))))))))
      (local.set $w (i32.add (local.get $w) (i32.const 144)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (f32.sub (call $hsum_f32x4 (local.get $acc)) (local.get $accMin)))

  (func $dot4_q4_k (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $end i32) (local $j i32) (local $xs i32) (local $p i32) (local $qs v128) (local $qs2 v128)
    (local $sm v128) (local $mins v128) (local $lo1 v128) (local $lo2 v128) (local $hi1 v128) (local $hi2 v128)
    (local $scLo v128) (local $scHi v128) (local $d f32) (local $dmin f32) (local $dx f32) (local $low4 v128)
    (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $min0 f32) (local $min1 f32) (local $min2 f32) (local $min3 f32)
    (local $isum0 v128) (local $isum1 v128) (local $isum2 v128) (local $isum3 v128)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 144))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $sm (call $scales_mins_k4 (i32.add (local.get $w) (i32.const 4))))
      (local.set $mins (i16x8.extend_high_i8x16_u (local.get $sm)))
      (local.set $isum0 (v128.const i32x4 0 0 0 0))
      (local.set $isum1 (v128.const i32x4 0 0 0 0))
      (local.set $isum2 (v128.const i32x4 0 0 0 0))
      (local.set $isum3 (v128.const i32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (loop $pair
        (local.set $qs (v128.load offset=16 (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 5)))))
        (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
        (local.set $qs2 (v128.load offset=32 (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 5)))))
        (local.set $qs2 (i8x16.relaxed_swizzle (local.get $qs2) (local.get $order)))
        (local.set $lo1 (v128.and (local.get $qs) (local.get $low4)))
        (local.set $lo2 (v128.and (local.get $qs2) (local.get $low4)))
        (local.set $hi1 (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4)))
        (local.set $hi2 (v128.and (i16x8.shr_u (local.get $qs2) (i32.const 4)) (local.get $low4)))
        (local.set $scLo (i16x8.splat (i8x16.extract_lane_u 0 (local.get $sm))))
        (local.set $scHi (i16x8.splat (i8x16.extract_lane_u 1 (local.get $sm))))
        (local.set $sm (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 (local.get $sm) (local.get $sm)))
        (local.set $xs (i32.shl (local.get $j) (i32.const 6)))
        (local.set $p (i32.add (local.get $x) (local.get $xs)))
        (local.set $isum0 (i32x4.add (i32x4.add (local.get $isum0)
          (i32x4.dot_i16x8_s (local.get $scLo)
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (local.get $p)) (local.get $lo1))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (local.get $p)) (local.get $lo2)))))
          (i32x4.dot_i16x8_s (local.get $scHi)
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=36 (local.get $p)) (local.get $hi1))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=52 (local.get $p)) (local.get $hi2))))))
        (local.set $p (i32.add (local.get $x1) (local.get $xs)))
        (local.set $isum1 (i32x4.add (i32x4.add (local.get $isum1)
          (i32x4.dot_i16x8_s (local.get $scLo)
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (local.get $p)) (local.get $lo1))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (local.get $p)) (local.get $lo2)))))
          (i32x4.dot_i16x8_s (local.get $scHi)
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=36 (local.get $p)) (local.get $hi1))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=52 (local.get $p)) (local.get $hi2))))))
        (local.set $p (i32.add (local.get $x2) (local.get $xs)))
        (local.set $isum2 (i32x4.add (i32x4.add (local.get $isum2)
          (i32x4.dot_i16x8_s (local.get $scLo)
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (local.get $p)) (local.get $lo1))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (local.get $p)) (local.get $lo2)))))
          (i32x4.dot_i16x8_s (local.get $scHi)
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=36 (local.get $p)) (local.get $hi1))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=52 (local.get $p)) (local.get $hi2))))))
        (local.set $p (i32.add (local.get $x3) (local.get $xs)))
        (local.set $isum3 (i32x4.add (i32x4.add (local.get $isum3)
          (i32x4.dot_i16x8_s (local.get $scLo)
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (local.get $p)) (local.get $lo1))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (local.get $p)) (local.get $lo2)))))
          (i32x4.dot_i16x8_s (local.get $scHi)
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=36 (local.get $p)) (local.get $hi1))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=52 (local.get $p)) (local.get $hi2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $pair (i32.lt_u (local.get $j) (i32.const 4))))
      (local.set $d (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $dmin (f32.load offset=256 (i32.shl (i32.load16_u offset=2 (local.get $w)) (i32.const 2))))
      (local.set $dx (f32.load (local.get $x)))
      (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (f32x4.convert_i32x4_s (local.get $isum0))
        (f32x4.splat (f32.mul (local.get $dx) (local.get $d))))))
      (local.set $min0 (f32.add (local.get $min0) (f32.mul (f32.mul (local.get $dx) (local.get $dmin))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x))))))))))
      (local.set $dx (f32.load (local.get $x1)))
      (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (f32x4.convert_i32x4_s (local.get $isum1))
        (f32x4.splat (f32.mul (local.get $dx) (local.get $d))))))
      (local.set $min1 (f32.add (local.get $min1) (f32.mul (f32.mul (local.get $dx) (local.get $dmin))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x1)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x1))))))))))
      (local.set $dx (f32.load (local.get $x2)))
      (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (f32x4.convert_i32x4_s (local.get $isum2))
        (f32x4.splat (f32.mul (local.get $dx) (local.get $d))))))
      (local.set $min2 (f32.add (local.get $min2) (f32.mul (f32.mul (local.get $dx) (local.get $dmin))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x2)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x2))))))))))
      (local.set $dx (f32.load (local.get $x3)))
      (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (f32x4.convert_i32x4_s (local.get $isum3))
        (f32x4.splat (f32.mul (local.get $dx) (local.get $d))))))
      (local.set $min3 (f32.add (local.get $min3) (f32.mul (f32.mul (local.get $dx) (local.get $dmin))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x3)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x3))))))))))
      (local.set $w (i32.add (local.get $w) (i32.const 144)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (f32.sub (call $hsum_f32x4 (local.get $acc0)) (local.get $min0))
    (f32.sub (call $hsum_f32x4 (local.get $acc1)) (local.get $min1))
    (f32.sub (call $hsum_f32x4 (local.get $acc2)) (local.get $min2))
    (f32.sub (call $hsum_f32x4 (local.get $acc3)) (local.get $min3)))



  ;; $start + the eight f32 lanes of $lo then $hi, one at a time in lane order (the end of ggml's scalar
  ;; K-quant kernels).
  (func $sum_lanes (param $start f32) (param $lo v128) (param $hi v128) (result f32)
    (local.set $start (f32.add (local.get $start) (f32x4.extract_lane 0 (local.get $lo))))
    (local.set $start (f32.add (local.get $start) (f32x4.extract_lane 1 (local.get $lo))))
    (local.set $start (f32.add (local.get $start) (f32x4.extract_lane 2 (local.get $lo))))
    (local.set $start (f32.add (local.get $start) (f32x4.extract_lane 3 (local.get $lo))))
    (local.set $start (f32.add (local.get $start) (f32x4.extract_lane 0 (local.get $hi))))
    (local.set $start (f32.add (local.get $start) (f32x4.extract_lane 1 (local.get $hi))))
    (local.set $start (f32.add (local.get $start) (f32x4.extract_lane 2 (local.get $hi))))
    (f32.add (local.get $start) (f32x4.extract_lane 3 (local.get $hi))))

  ;; Q5_K x Q8_K (176-byte blocks of 256: f16 d, f16 dmin, 12 bytes of 6-bit scales/mins as Q4_K, qh[32], qs[128];
  ;; level = low 4 bits as Q4_K | bit (j / 32) of qh[j % 32] << 4, 0..31, in 8 groups of 32). The registry's
  ;; kernel (ggml's scalar one) sums scale * level * q8 into eight integer lanes by element index mod 8 and adds
  ;; d * lane to eight f32 lane sums per block, while the minimum term goes to a running f32 sum:
  ;; sumf -= (dmin * d_x) * minSum. The result is sumf plus the lanes in order; these kernels keep exactly those
  ;; sums. Groups go in pairs (2i, 2i + 1) that share the nibble bytes qs[32i..32i+31]; within each 16 elements
  ;; the levels and activations are shuffled so that elements l and l + 8 sit side by side (the i16 dot gives
  ;; lane l), a group's two halves add up in i16, and one i32x4.dot_i16x8_s per four lanes multiplies the two
  ;; groups' interleaved lanes by their scales and adds them. minSum is Q4_K's.
  (func $dot1_q5_k (type $dot1) (param $w i32) (param $x i32) (param $n i32)
    (result f32)
    (local $end i32) (local $i i32) (local $p i32) (local $qa v128) (local $qb v128) (local $ha v128) (local $hb v128)
    (local $la v128) (local $lb v128) (local $ua v128) (local $ub v128) (local $xa v128) (local $xb v128) (local $xc v128)
    (local $xd v128) (local $p0 v128) (local $p1 v128) (local $sc v128) (local $sm v128) (local $mins v128) (local $d v128)
    (local $dw f32) (local $dmin f32) (local $dx f32) (local $low4 v128) (local $one v128) 
    (local $lo0 v128) (local $hi0 v128)
    (local $accLo0 v128) (local $accHi0 v128) (local $sum0 f32)
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $one (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 176))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $sm (call $scales_mins_k4 (i32.add (local.get $w) (i32.const 4))))
      (local.set $mins (i16x8.extend_high_i8x16_u (local.get $sm)))
      (local.set $lo0 (v128.const i32x4 0 0 0 0))
      (local.set $hi0 (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (loop $pair
        ;; pair i: groups 2i (low nibbles of qs[32i + l]) and 2i + 1 (high nibbles), fifth bits 2i and 2i + 1 of qh[l]
        (local.set $qa (v128.load offset=48 (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 5)))))
        (local.set $qb (v128.load offset=64 (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 5)))))
        (local.set $ha (i16x8.shr_u (v128.load offset=16 (local.get $w)) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $hb (i16x8.shr_u (v128.load offset=32 (local.get $w)) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $la (v128.or (v128.and (local.get $qa) (local.get $low4))
          (i16x8.shl (v128.and (local.get $ha) (local.get $one)) (i32.const 4))))
        (local.set $lb (v128.or (v128.and (local.get $qb) (local.get $low4))
          (i16x8.shl (v128.and (local.get $hb) (local.get $one)) (i32.const 4))))
        (local.set $ua (v128.or (v128.and (i16x8.shr_u (local.get $qa) (i32.const 4)) (local.get $low4))
          (i16x8.shl (v128.and (i16x8.shr_u (local.get $ha) (i32.const 1)) (local.get $one)) (i32.const 4))))
        (local.set $ub (v128.or (v128.and (i16x8.shr_u (local.get $qb) (i32.const 4)) (local.get $low4))
          (i16x8.shl (v128.and (i16x8.shr_u (local.get $hb) (i32.const 1)) (local.get $one)) (i32.const 4))))
        (local.set $la (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $la) (local.get $la)))
        (local.set $lb (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lb) (local.get $lb)))
        (local.set $ua (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $ua) (local.get $ua)))
        (local.set $ub (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $ub) (local.get $ub)))
        ;; i16 pairs (scale of group 2i, scale of group 2i + 1), then the next pair's scales to bytes 0 and 1
        (local.set $sc (i32x4.splat (i32.or (i8x16.extract_lane_u 0 (local.get $sm))
          (i32.shl (i8x16.extract_lane_u 1 (local.get $sm)) (i32.const 16)))))
        (local.set $sm (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 (local.get $sm) (local.get $sm)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 6))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=4 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=20 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xc (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=36 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xd (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=52 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p0 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $la))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lb))))
        (local.set $p1 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xc) (local.get $ua))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xd) (local.get $ub))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $pair (i32.lt_u (local.get $i) (i32.const 4))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $dmin (f32.load offset=256 (i32.shl (i32.load16_u offset=2 (local.get $w)) (i32.const 2))))
      (local.set $dx (f32.load (local.get $x)))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (local.get $dx))))
      (local.set $accLo0 (f32x4.add (local.get $accLo0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo0)))))
      (local.set $accHi0 (f32x4.add (local.get $accHi0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi0)))))
      (local.set $sum0 (f32.sub (local.get $sum0) (f32.mul (f32.mul (local.get $dmin) (local.get $dx))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x))))))))))
      (local.set $w (i32.add (local.get $w) (i32.const 176)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (call $sum_lanes (local.get $sum0) (local.get $accLo0) (local.get $accHi0)))

  ;; Four tokens: each pair of groups is decoded once for the four.
  (func $dot4_q5_k (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $end i32) (local $i i32) (local $p i32) (local $qa v128) (local $qb v128) (local $ha v128) (local $hb v128)
    (local $la v128) (local $lb v128) (local $ua v128) (local $ub v128) (local $xa v128) (local $xb v128) (local $xc v128)
    (local $xd v128) (local $p0 v128) (local $p1 v128) (local $sc v128) (local $sm v128) (local $mins v128) (local $d v128)
    (local $dw f32) (local $dmin f32) (local $dx f32) (local $low4 v128) (local $one v128) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128) (local $lo3 v128) (local $hi3 v128)
    (local $accLo0 v128) (local $accHi0 v128) (local $sum0 f32) (local $accLo1 v128) (local $accHi1 v128) (local $sum1 f32) (local $accLo2 v128) (local $accHi2 v128) (local $sum2 f32) (local $accLo3 v128) (local $accHi3 v128) (local $sum3 f32)
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $one (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 176))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $sm (call $scales_mins_k4 (i32.add (local.get $w) (i32.const 4))))
      (local.set $mins (i16x8.extend_high_i8x16_u (local.get $sm)))
      (local.set $lo0 (v128.const i32x4 0 0 0 0))
      (local.set $hi0 (v128.const i32x4 0 0 0 0))
      (local.set $lo1 (v128.const i32x4 0 0 0 0))
      (local.set $hi1 (v128.const i32x4 0 0 0 0))
      (local.set $lo2 (v128.const i32x4 0 0 0 0))
      (local.set $hi2 (v128.const i32x4 0 0 0 0))
      (local.set $lo3 (v128.const i32x4 0 0 0 0))
      (local.set $hi3 (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (loop $pair
        ;; pair i: groups 2i (low nibbles of qs[32i + l]) and 2i + 1 (high nibbles), fifth bits 2i and 2i + 1 of qh[l]
        (local.set $qa (v128.load offset=48 (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 5)))))
        (local.set $qb (v128.load offset=64 (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 5)))))
        (local.set $ha (i16x8.shr_u (v128.load offset=16 (local.get $w)) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $hb (i16x8.shr_u (v128.load offset=32 (local.get $w)) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $la (v128.or (v128.and (local.get $qa) (local.get $low4))
          (i16x8.shl (v128.and (local.get $ha) (local.get $one)) (i32.const 4))))
        (local.set $lb (v128.or (v128.and (local.get $qb) (local.get $low4))
          (i16x8.shl (v128.and (local.get $hb) (local.get $one)) (i32.const 4))))
        (local.set $ua (v128.or (v128.and (i16x8.shr_u (local.get $qa) (i32.const 4)) (local.get $low4))
          (i16x8.shl (v128.and (i16x8.shr_u (local.get $ha) (i32.const 1)) (local.get $one)) (i32.const 4))))
        (local.set $ub (v128.or (v128.and (i16x8.shr_u (local.get $qb) (i32.const 4)) (local.get $low4))
          (i16x8.shl (v128.and (i16x8.shr_u (local.get $hb) (i32.const 1)) (local.get $one)) (i32.const 4))))
        (local.set $la (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $la) (local.get $la)))
        (local.set $lb (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lb) (local.get $lb)))
        (local.set $ua (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $ua) (local.get $ua)))
        (local.set $ub (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $ub) (local.get $ub)))
        ;; i16 pairs (scale of group 2i, scale of group 2i + 1), then the next pair's scales to bytes 0 and 1
        (local.set $sc (i32x4.splat (i32.or (i8x16.extract_lane_u 0 (local.get $sm))
          (i32.shl (i8x16.extract_lane_u 1 (local.get $sm)) (i32.const 16)))))
        (local.set $sm (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 (local.get $sm) (local.get $sm)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 6))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=4 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=20 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xc (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=36 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xd (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=52 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p0 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $la))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lb))))
        (local.set $p1 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xc) (local.get $ua))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xd) (local.get $ub))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $p (i32.add (local.get $x1) (i32.shl (local.get $i) (i32.const 6))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=4 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=20 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xc (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=36 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xd (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=52 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p0 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $la))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lb))))
        (local.set $p1 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xc) (local.get $ua))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xd) (local.get $ub))))
        (local.set $lo1 (i32x4.add (local.get $lo1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi1 (i32x4.add (local.get $hi1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $p (i32.add (local.get $x2) (i32.shl (local.get $i) (i32.const 6))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=4 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=20 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xc (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=36 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xd (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=52 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p0 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $la))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lb))))
        (local.set $p1 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xc) (local.get $ua))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xd) (local.get $ub))))
        (local.set $lo2 (i32x4.add (local.get $lo2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi2 (i32x4.add (local.get $hi2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $p (i32.add (local.get $x3) (i32.shl (local.get $i) (i32.const 6))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=4 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=20 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xc (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=36 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $xd (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (v128.load offset=52 (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p0 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $la))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lb))))
        (local.set $p1 (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xc) (local.get $ua))
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xd) (local.get $ub))))
        (local.set $lo3 (i32x4.add (local.get $lo3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi3 (i32x4.add (local.get $hi3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $pair (i32.lt_u (local.get $i) (i32.const 4))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $dmin (f32.load offset=256 (i32.shl (i32.load16_u offset=2 (local.get $w)) (i32.const 2))))
      (local.set $dx (f32.load (local.get $x)))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (local.get $dx))))
      (local.set $accLo0 (f32x4.add (local.get $accLo0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo0)))))
      (local.set $accHi0 (f32x4.add (local.get $accHi0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi0)))))
      (local.set $sum0 (f32.sub (local.get $sum0) (f32.mul (f32.mul (local.get $dmin) (local.get $dx))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x))))))))))
      (local.set $dx (f32.load (local.get $x1)))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (local.get $dx))))
      (local.set $accLo1 (f32x4.add (local.get $accLo1) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo1)))))
      (local.set $accHi1 (f32x4.add (local.get $accHi1) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi1)))))
      (local.set $sum1 (f32.sub (local.get $sum1) (f32.mul (f32.mul (local.get $dmin) (local.get $dx))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x1)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x1))))))))))
      (local.set $dx (f32.load (local.get $x2)))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (local.get $dx))))
      (local.set $accLo2 (f32x4.add (local.get $accLo2) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo2)))))
      (local.set $accHi2 (f32x4.add (local.get $accHi2) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi2)))))
      (local.set $sum2 (f32.sub (local.get $sum2) (f32.mul (f32.mul (local.get $dmin) (local.get $dx))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x2)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x2))))))))))
      (local.set $dx (f32.load (local.get $x3)))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (local.get $dx))))
      (local.set $accLo3 (f32x4.add (local.get $accLo3) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo3)))))
      (local.set $accHi3 (f32x4.add (local.get $accHi3) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi3)))))
      (local.set $sum3 (f32.sub (local.get $sum3) (f32.mul (f32.mul (local.get $dmin) (local.get $dx))
        (f32.convert_i32_s (call $hsum_i32x4 (i32x4.dot_i16x8_s (local.get $mins)
          (i16x8.narrow_i32x4_s (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x3)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x3))))))))))
      (local.set $w (i32.add (local.get $w) (i32.const 176)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (call $sum_lanes (local.get $sum0) (local.get $accLo0) (local.get $accHi0))
    (call $sum_lanes (local.get $sum1) (local.get $accLo1) (local.get $accHi1))
    (call $sum_lanes (local.get $sum2) (local.get $accLo2) (local.get $accHi2))
    (call $sum_lanes (local.get $sum3) (local.get $accLo3) (local.get $accHi3)))


  ;; Q6_K x Q8_K (210-byte blocks of 256: ql[128] low nibbles, qh[64] pairs of high bits, 16 signed 8-bit group
  ;; scales, f16 d; level = (4 low bits | 2 high bits << 4) - 32, in 16 groups of 16). The registry's kernel
  ;; (ggml's scalar one) sums scale * level * q8 into eight integer lanes by element index mod 8, adds d * lane to
  ;; eight f32 lane sums per block, and at the end adds the lanes in order; this kernel keeps exactly those
  ;; lanes and sums. It walks a block by halves, as ggml's AVX2 kernel does: elements 128 h + 32 s + l (l < 32)
  ;; take their low bits from ql[64 h + 32 (s & 1) + l] (the low nibble for s < 2, else the high one) and their
  ;; high bits from bits 2s of qh[32 h + l], so one load of a half's 64 ql and 32 qh bytes serves its four
  ;; quarters s with constant shifts; quarter s forms groups 8h + 2s and 8h + 2s + 1. Per group, the levels + 32 (0..63:
  ;; unsigned for the relaxed dot) and the activations are shuffled so that elements l and l + 8 sit side by
  ;; side: the i16 dot gives lane l, and 32 * (x_l + x_(l+8)) comes off. The two groups' lanes are interleaved
  ;; and one i32x4.dot_i16x8_s per four lanes multiplies them by the two group scales and adds them.
  (func $dot1_q6_k (type $dot1) (param $w i32) (param $x i32) (param $n i32)
    (result f32)
    (local $end i32) (local $h i32) (local $sw i32) (local $qlA v128) (local $qlB v128) (local $qlC v128) (local $qlD v128)
    (local $qhA v128) (local $qhB v128) (local $lev0 v128) (local $lev1 v128) (local $xa v128) (local $xb v128)
    (local $p0 v128) (local $p1 v128) (local $sc v128) (local $d v128) (local $dw f32) (local $low4 v128)
    (local $bits01 v128) (local $bits23 v128) (local $bits45 v128) 
    (local $lo0 v128) (local $hi0 v128) (local $xh0 i32)
    (local $accLo0 v128) (local $accHi0 v128)
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $bits01 (v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3))
    (local.set $bits23 (v128.const i8x16 12 12 12 12 12 12 12 12 12 12 12 12 12 12 12 12))
    (local.set $bits45 (v128.const i8x16 48 48 48 48 48 48 48 48 48 48 48 48 48 48 48 48))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 210))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $lo0 (v128.const i32x4 0 0 0 0))
      (local.set $hi0 (v128.const i32x4 0 0 0 0))
      (local.set $h (i32.const 0))
      (loop $half
        ;; half h: ql[64h..64h+63] (quarters 0 and 2 in bytes 0-31, low and high nibbles; 1 and 3 in 32-63),
        ;; qh[32h..32h+31] (quarter s at bits 2s), scales of groups 8h.. at $sw + 192, activations at 128 h
        (local.set $qlA (v128.load (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 6)))))
        (local.set $qlB (v128.load offset=16 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 6)))))
        (local.set $qlC (v128.load offset=32 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 6)))))
        (local.set $qlD (v128.load offset=48 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 6)))))
        (local.set $qhA (v128.load offset=128 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 5)))))
        (local.set $qhB (v128.load offset=144 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 5)))))
        (local.set $sw (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 3))))
        (local.set $xh0 (i32.add (local.get $x) (i32.shl (local.get $h) (i32.const 7))))
        ;; quarter 0: levels + 32 of groups 2q and 2q + 1, q = 4h + 0
        (local.set $lev0 (v128.or (v128.and (local.get $qlA) (local.get $low4))
          (i16x8.shl (v128.and (local.get $qhA) (local.get $bits01)) (i32.const 4))))
        (local.set $lev1 (v128.or (v128.and (local.get $qlB) (local.get $low4))
          (i16x8.shl (v128.and (local.get $qhB) (local.get $bits01)) (i32.const 4))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        (local.set $sc (i32x4.splat (i32.or (i32.and (i32.load8_s offset=192 (local.get $sw)) (i32.const 0xffff))
          (i32.shl (i32.load8_s offset=193 (local.get $sw)) (i32.const 16)))))
        (local.set $xa (v128.load offset=4 (local.get $xh0)))
        (local.set $xb (v128.load offset=20 (local.get $xh0)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        ;; quarter 1: levels + 32 of groups 2q and 2q + 1, q = 4h + 1
        (local.set $lev0 (v128.or (v128.and (local.get $qlC) (local.get $low4))
          (i16x8.shl (v128.and (local.get $qhA) (local.get $bits23)) (i32.const 2))))
        (local.set $lev1 (v128.or (v128.and (local.get $qlD) (local.get $low4))
          (i16x8.shl (v128.and (local.get $qhB) (local.get $bits23)) (i32.const 2))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        (local.set $sc (i32x4.splat (i32.or (i32.and (i32.load8_s offset=194 (local.get $sw)) (i32.const 0xffff))
          (i32.shl (i32.load8_s offset=195 (local.get $sw)) (i32.const 16)))))
        (local.set $xa (v128.load offset=36 (local.get $xh0)))
        (local.set $xb (v128.load offset=52 (local.get $xh0)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        ;; quarter 2: levels + 32 of groups 2q and 2q + 1, q = 4h + 2
        (local.set $lev0 (v128.or (v128.and (i16x8.shr_u (local.get $qlA) (i32.const 4)) (local.get $low4))
          (v128.and (local.get $qhA) (local.get $bits45))))
        (local.set $lev1 (v128.or (v128.and (i16x8.shr_u (local.get $qlB) (i32.const 4)) (local.get $low4))
          (v128.and (local.get $qhB) (local.get $bits45))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        (local.set $sc (i32x4.splat (i32.or (i32.and (i32.load8_s offset=196 (local.get $sw)) (i32.const 0xffff))
          (i32.shl (i32.load8_s offset=197 (local.get $sw)) (i32.const 16)))))
        (local.set $xa (v128.load offset=68 (local.get $xh0)))
        (local.set $xb (v128.load offset=84 (local.get $xh0)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        ;; quarter 3: levels + 32 of groups 2q and 2q + 1, q = 4h + 3
        (local.set $lev0 (v128.or (v128.and (i16x8.shr_u (local.get $qlC) (i32.const 4)) (local.get $low4))
          (v128.and (i16x8.shr_u (local.get $qhA) (i32.const 2)) (local.get $bits45))))
        (local.set $lev1 (v128.or (v128.and (i16x8.shr_u (local.get $qlD) (i32.const 4)) (local.get $low4))
          (v128.and (i16x8.shr_u (local.get $qhB) (i32.const 2)) (local.get $bits45))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        (local.set $sc (i32x4.splat (i32.or (i32.and (i32.load8_s offset=198 (local.get $sw)) (i32.const 0xffff))
          (i32.shl (i32.load8_s offset=199 (local.get $sw)) (i32.const 16)))))
        (local.set $xa (v128.load offset=100 (local.get $xh0)))
        (local.set $xb (v128.load offset=116 (local.get $xh0)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br_if $half (i32.lt_u (local.get $h) (i32.const 2))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u offset=208 (local.get $w)) (i32.const 2))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x)))))
      (local.set $accLo0 (f32x4.add (local.get $accLo0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo0)))))
      (local.set $accHi0 (f32x4.add (local.get $accHi0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi0)))))
      (local.set $w (i32.add (local.get $w) (i32.const 210)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (call $sum_lanes (f32.const 0) (local.get $accLo0) (local.get $accHi0)))

  ;; Four tokens: each half's levels are decoded once for the four.
  (func $dot4_q6_k (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $end i32) (local $h i32) (local $sw i32) (local $qlA v128) (local $qlB v128) (local $qlC v128) (local $qlD v128)
    (local $qhA v128) (local $qhB v128) (local $lev0 v128) (local $lev1 v128) (local $xa v128) (local $xb v128)
    (local $p0 v128) (local $p1 v128) (local $sc v128) (local $d v128) (local $dw f32) (local $low4 v128)
    (local $bits01 v128) (local $bits23 v128) (local $bits45 v128) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $lo0 v128) (local $hi0 v128) (local $xh0 i32) (local $lo1 v128) (local $hi1 v128) (local $xh1 i32) (local $lo2 v128) (local $hi2 v128) (local $xh2 i32) (local $lo3 v128) (local $hi3 v128) (local $xh3 i32)
    (local $accLo0 v128) (local $accHi0 v128) (local $accLo1 v128) (local $accHi1 v128) (local $accLo2 v128) (local $accHi2 v128) (local $accLo3 v128) (local $accHi3 v128)
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $bits01 (v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3))
    (local.set $bits23 (v128.const i8x16 12 12 12 12 12 12 12 12 12 12 12 12 12 12 12 12))
    (local.set $bits45 (v128.const i8x16 48 48 48 48 48 48 48 48 48 48 48 48 48 48 48 48))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 210))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $lo0 (v128.const i32x4 0 0 0 0))
      (local.set $hi0 (v128.const i32x4 0 0 0 0))
      (local.set $lo1 (v128.const i32x4 0 0 0 0))
      (local.set $hi1 (v128.const i32x4 0 0 0 0))
      (local.set $lo2 (v128.const i32x4 0 0 0 0))
      (local.set $hi2 (v128.const i32x4 0 0 0 0))
      (local.set $lo3 (v128.const i32x4 0 0 0 0))
      (local.set $hi3 (v128.const i32x4 0 0 0 0))
      (local.set $h (i32.const 0))
      (loop $half
        ;; half h: ql[64h..64h+63] (quarters 0 and 2 in bytes 0-31, low and high nibbles; 1 and 3 in 32-63),
        ;; qh[32h..32h+31] (quarter s at bits 2s), scales of groups 8h.. at $sw + 192, activations at 128 h
        (local.set $qlA (v128.load (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 6)))))
        (local.set $qlB (v128.load offset=16 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 6)))))
        (local.set $qlC (v128.load offset=32 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 6)))))
        (local.set $qlD (v128.load offset=48 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 6)))))
        (local.set $qhA (v128.load offset=128 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 5)))))
        (local.set $qhB (v128.load offset=144 (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 5)))))
        (local.set $sw (i32.add (local.get $w) (i32.shl (local.get $h) (i32.const 3))))
        (local.set $xh0 (i32.add (local.get $x) (i32.shl (local.get $h) (i32.const 7))))
        (local.set $xh1 (i32.add (local.get $x1) (i32.shl (local.get $h) (i32.const 7))))
        (local.set $xh2 (i32.add (local.get $x2) (i32.shl (local.get $h) (i32.const 7))))
        (local.set $xh3 (i32.add (local.get $x3) (i32.shl (local.get $h) (i32.const 7))))
        ;; quarter 0: levels + 32 of groups 2q and 2q + 1, q = 4h + 0
        (local.set $lev0 (v128.or (v128.and (local.get $qlA) (local.get $low4))
          (i16x8.shl (v128.and (local.get $qhA) (local.get $bits01)) (i32.const 4))))
        (local.set $lev1 (v128.or (v128.and (local.get $qlB) (local.get $low4))
          (i16x8.shl (v128.and (local.get $qhB) (local.get $bits01)) (i32.const 4))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        (local.set $sc (i32x4.splat (i32.or (i32.and (i32.load8_s offset=192 (local.get $sw)) (i32.const 0xffff))
          (i32.shl (i32.load8_s offset=193 (local.get $sw)) (i32.const 16)))))
        (local.set $xa (v128.load offset=4 (local.get $xh0)))
        (local.set $xb (v128.load offset=20 (local.get $xh0)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=4 (local.get $xh1)))
        (local.set $xb (v128.load offset=20 (local.get $xh1)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo1 (i32x4.add (local.get $lo1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi1 (i32x4.add (local.get $hi1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=4 (local.get $xh2)))
        (local.set $xb (v128.load offset=20 (local.get $xh2)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo2 (i32x4.add (local.get $lo2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi2 (i32x4.add (local.get $hi2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=4 (local.get $xh3)))
        (local.set $xb (v128.load offset=20 (local.get $xh3)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo3 (i32x4.add (local.get $lo3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi3 (i32x4.add (local.get $hi3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        ;; quarter 1: levels + 32 of groups 2q and 2q + 1, q = 4h + 1
        (local.set $lev0 (v128.or (v128.and (local.get $qlC) (local.get $low4))
          (i16x8.shl (v128.and (local.get $qhA) (local.get $bits23)) (i32.const 2))))
        (local.set $lev1 (v128.or (v128.and (local.get $qlD) (local.get $low4))
          (i16x8.shl (v128.and (local.get $qhB) (local.get $bits23)) (i32.const 2))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        (local.set $sc (i32x4.splat (i32.or (i32.and (i32.load8_s offset=194 (local.get $sw)) (i32.const 0xffff))
          (i32.shl (i32.load8_s offset=195 (local.get $sw)) (i32.const 16)))))
        (local.set $xa (v128.load offset=36 (local.get $xh0)))
        (local.set $xb (v128.load offset=52 (local.get $xh0)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=36 (local.get $xh1)))
        (local.set $xb (v128.load offset=52 (local.get $xh1)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo1 (i32x4.add (local.get $lo1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi1 (i32x4.add (local.get $hi1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=36 (local.get $xh2)))
        (local.set $xb (v128.load offset=52 (local.get $xh2)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo2 (i32x4.add (local.get $lo2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi2 (i32x4.add (local.get $hi2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=36 (local.get $xh3)))
        (local.set $xb (v128.load offset=52 (local.get $xh3)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo3 (i32x4.add (local.get $lo3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi3 (i32x4.add (local.get $hi3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        ;; quarter 2: levels + 32 of groups 2q and 2q + 1, q = 4h + 2
        (local.set $lev0 (v128.or (v128.and (i16x8.shr_u (local.get $qlA) (i32.const 4)) (local.get $low4))
          (v128.and (local.get $qhA) (local.get $bits45))))
        (local.set $lev1 (v128.or (v128.and (i16x8.shr_u (local.get $qlB) (i32.const 4)) (local.get $low4))
          (v128.and (local.get $qhB) (local.get $bits45))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        (local.set $sc (i32x4.splat (i32.or (i32.and (i32.load8_s offset=196 (local.get $sw)) (i32.const 0xffff))
          (i32.shl (i32.load8_s offset=197 (local.get $sw)) (i32.const 16)))))
        (local.set $xa (v128.load offset=68 (local.get $xh0)))
        (local.set $xb (v128.load offset=84 (local.get $xh0)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=68 (local.get $xh1)))
        (local.set $xb (v128.load offset=84 (local.get $xh1)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo1 (i32x4.add (local.get $lo1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi1 (i32x4.add (local.get $hi1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=68 (local.get $xh2)))
        (local.set $xb (v128.load offset=84 (local.get $xh2)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo2 (i32x4.add (local.get $lo2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi2 (i32x4.add (local.get $hi2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=68 (local.get $xh3)))
        (local.set $xb (v128.load offset=84 (local.get $xh3)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo3 (i32x4.add (local.get $lo3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi3 (i32x4.add (local.get $hi3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        ;; quarter 3: levels + 32 of groups 2q and 2q + 1, q = 4h + 3
        (local.set $lev0 (v128.or (v128.and (i16x8.shr_u (local.get $qlC) (i32.const 4)) (local.get $low4))
          (v128.and (i16x8.shr_u (local.get $qhA) (i32.const 2)) (local.get $bits45))))
        (local.set $lev1 (v128.or (v128.and (i16x8.shr_u (local.get $qlD) (i32.const 4)) (local.get $low4))
          (v128.and (i16x8.shr_u (local.get $qhB) (i32.const 2)) (local.get $bits45))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        (local.set $sc (i32x4.splat (i32.or (i32.and (i32.load8_s offset=198 (local.get $sw)) (i32.const 0xffff))
          (i32.shl (i32.load8_s offset=199 (local.get $sw)) (i32.const 16)))))
        (local.set $xa (v128.load offset=100 (local.get $xh0)))
        (local.set $xb (v128.load offset=116 (local.get $xh0)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=100 (local.get $xh1)))
        (local.set $xb (v128.load offset=116 (local.get $xh1)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo1 (i32x4.add (local.get $lo1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi1 (i32x4.add (local.get $hi1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=100 (local.get $xh2)))
        (local.set $xb (v128.load offset=116 (local.get $xh2)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo2 (i32x4.add (local.get $lo2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi2 (i32x4.add (local.get $hi2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=100 (local.get $xh3)))
        (local.set $xb (v128.load offset=116 (local.get $xh3)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 5))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 5))))
        (local.set $lo3 (i32x4.add (local.get $lo3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi3 (i32x4.add (local.get $hi3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br_if $half (i32.lt_u (local.get $h) (i32.const 2))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u offset=208 (local.get $w)) (i32.const 2))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x)))))
      (local.set $accLo0 (f32x4.add (local.get $accLo0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo0)))))
      (local.set $accHi0 (f32x4.add (local.get $accHi0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi0)))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x1)))))
      (local.set $accLo1 (f32x4.add (local.get $accLo1) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo1)))))
      (local.set $accHi1 (f32x4.add (local.get $accHi1) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi1)))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x2)))))
      (local.set $accLo2 (f32x4.add (local.get $accLo2) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo2)))))
      (local.set $accHi2 (f32x4.add (local.get $accHi2) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi2)))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x3)))))
      (local.set $accLo3 (f32x4.add (local.get $accLo3) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo3)))))
      (local.set $accHi3 (f32x4.add (local.get $accHi3) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi3)))))
      (local.set $w (i32.add (local.get $w) (i32.const 210)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (call $sum_lanes (f32.const 0) (local.get $accLo0) (local.get $accHi0))
    (call $sum_lanes (f32.const 0) (local.get $accLo1) (local.get $accHi1))
    (call $sum_lanes (f32.const 0) (local.get $accLo2) (local.get $accHi2))
    (call $sum_lanes (f32.const 0) (local.get $accLo3) (local.get $accHi3)))



  ;; Q5_0 x Q8_0 (22-byte blocks: f16 d, u32 qh, 16 bytes of nibbles; level j = nibble j (low nibbles the first
  ;; 16, high the next 16) | bit j of qh << 4, stored +16) and IQ4_NL x Q8_0 (18-byte blocks: f16 d, 16 bytes of
  ;; nibbles indexing kvalues_iq4nl). Both keep the registry's arithmetic (ggml's scalar kernels): one exact
  ;; integer sum per block, then sumf = f32(sumf + f32(f32(d_w * d_x) * sumi)), block after block.

  ;; Q5_0: the 5-bit levels 0..31 enter the dot unsigned; the +16 comes off as 16 * (pair sums of x). The fifth
  ;; bits become bytes by spreading qh's bytes over the lanes (byte j / 8 to lane j) and testing bit j % 8.
  (func $dot1_q5_0 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128)
    (local $end i32) (local $qs v128) (local $qh v128) (local $lo v128) (local $hi v128) (local $bit v128)
    (local $low4 v128) (local $sixteen v128) (local $sum f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $sixteen (v128.const i8x16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16))
    (local.set $bit (v128.const i8x16 1 2 4 8 16 32 64 128 1 2 4 8 16 32 64 128))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 22))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=6 (local.get $w)))
      (local.set $qh (i32x4.splat (i32.load offset=2 (local.get $w))))
      (local.set $lo (v128.or (v128.and (local.get $qs) (local.get $low4))
        (v128.and (i8x16.eq (v128.and (i8x16.shuffle 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 (local.get $qh) (local.get $qh))
          (local.get $bit)) (local.get $bit)) (local.get $sixteen))))
      (local.set $hi (v128.or (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))
        (v128.and (i8x16.eq (v128.and (i8x16.shuffle 2 2 2 2 2 2 2 2 3 3 3 3 3 3 3 3 (local.get $qh) (local.get $qh))
          (local.get $bit)) (local.get $bit)) (local.get $sixteen))))
      ;; into the activations' lane order
      (local.set $lo (i8x16.relaxed_swizzle (local.get $lo) (local.get $order)))
      (local.set $hi (i8x16.relaxed_swizzle (local.get $hi) (local.get $order)))
      (local.set $sum (f32.add (local.get $sum) (f32.mul
        (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))) (f32.load offset=48 (local.get $x)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x)) (i32.const 4)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 22)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (br $block)))
    (local.get $sum))

  ;; IQ4_NL: the nibbles pick signed levels (-127..113) from the 16-entry table, which enter the dot as |level|
  ;; with the sign moved onto x, as Q8_0's weights do.
  (func $dot1_iq4_nl (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128)
    (local $end i32) (local $qs v128) (local $lo v128) (local $hi v128) (local $nlo v128) (local $nhi v128)
    (local $low4 v128) (local $levels v128) (local $zero v128) (local $sum f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $levels (v128.const i8x16 -127 -104 -83 -65 -49 -35 -22 -10 1 13 25 38 53 69 89 113))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 18))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=2 (local.get $w)))
      (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
      (local.set $lo (i8x16.swizzle (local.get $levels) (v128.and (local.get $qs) (local.get $low4))))
      (local.set $hi (i8x16.swizzle (local.get $levels) (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
      (local.set $nlo (i8x16.lt_s (local.get $lo) (local.get $zero)))
      (local.set $nhi (i8x16.lt_s (local.get $hi) (local.get $zero)))
      (local.set $sum (f32.add (local.get $sum) (f32.mul
        (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))) (f32.load offset=48 (local.get $x)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x)) (local.get $nlo)) (local.get $nlo)) (i8x16.abs (local.get $lo))))
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x)) (local.get $nhi)) (local.get $nhi)) (i8x16.abs (local.get $hi))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 18)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each block is decoded once for the four.
  (func $dot4_q5_0 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $h v128) (local $end i32) (local $qs v128) (local $qh v128) (local $lo v128) (local $hi v128) (local $bit v128)
    (local $low4 v128) (local $sixteen v128) (local $dw f32)
    (local $sum0 f32) (local $sum1 f32) (local $sum2 f32) (local $sum3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 22))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $sixteen (v128.const i8x16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16))
    (local.set $bit (v128.const i8x16 1 2 4 8 16 32 64 128 1 2 4 8 16 32 64 128))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=6 (local.get $w)))
      (local.set $qh (i32x4.splat (i32.load offset=2 (local.get $w))))
      (local.set $lo (v128.or (v128.and (local.get $qs) (local.get $low4))
        (v128.and (i8x16.eq (v128.and (i8x16.shuffle 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 (local.get $qh) (local.get $qh))
          (local.get $bit)) (local.get $bit)) (local.get $sixteen))))
      (local.set $hi (v128.or (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))
        (v128.and (i8x16.eq (v128.and (i8x16.shuffle 2 2 2 2 2 2 2 2 3 3 3 3 3 3 3 3 (local.get $qh) (local.get $qh))
          (local.get $bit)) (local.get $bit)) (local.get $sixteen))))
      (local.set $lo (i8x16.relaxed_swizzle (local.get $lo) (local.get $order)))
      (local.set $hi (i8x16.relaxed_swizzle (local.get $hi) (local.get $order)))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x)) (i32.const 4)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x1)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x1)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x1)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x1)) (i32.const 4)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x2)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x2)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x2)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x2)) (i32.const 4)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x3)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x3)) (local.get $lo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x3)) (local.get $hi)))
          (i16x8.shl (v128.load offset=32 (local.get $x3)) (i32.const 4)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 22)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 64)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 64)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 64)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; Four tokens: each block is decoded once for the four.
  (func $dot4_iq4_nl (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $h v128) (local $end i32) (local $qs v128) (local $lo v128) (local $hi v128) (local $nlo v128) (local $nhi v128)
    (local $low4 v128) (local $levels v128) (local $zero v128) (local $dw f32)
    (local $sum0 f32) (local $sum1 f32) (local $sum2 f32) (local $sum3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 18))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $levels (v128.const i8x16 -127 -104 -83 -65 -49 -35 -22 -10 1 13 25 38 53 69 89 113))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=2 (local.get $w)))
      (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
      (local.set $lo (i8x16.swizzle (local.get $levels) (v128.and (local.get $qs) (local.get $low4))))
      (local.set $hi (i8x16.swizzle (local.get $levels) (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
      (local.set $nlo (i8x16.lt_s (local.get $lo) (local.get $zero)))
      (local.set $nhi (i8x16.lt_s (local.get $hi) (local.get $zero)))
      (local.set $lo (i8x16.abs (local.get $lo)))
      (local.set $hi (i8x16.abs (local.get $hi)))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x)) (local.get $nlo)) (local.get $nlo)) (local.get $lo)))
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x)) (local.get $nhi)) (local.get $nhi)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x1)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x1)) (local.get $nlo)) (local.get $nlo)) (local.get $lo)))
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x1)) (local.get $nhi)) (local.get $nhi)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x2)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x2)) (local.get $nlo)) (local.get $nlo)) (local.get $lo)))
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x2)) (local.get $nhi)) (local.get $nhi)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x3)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x3)) (local.get $nlo)) (local.get $nlo)) (local.get $lo)))
          (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x3)) (local.get $nhi)) (local.get $nhi)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 18)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 64)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 64)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 64)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Kernels that keep the registry's one-step-per-block arithmetic. Each computes a block's exact integer sum
  ;; with the relaxed dot (any lane order gives the same integer) and then takes the registry's f32 (or f64)
  ;; steps in its order, so the result equals `vecDot` bit for bit (tests/cpu_kernels_test.ts). Their $dot4_*
  ;; kernels decode each weight block once and repeat the one-token steps for four tokens. The horizontal sums
  ;; of their i32 lanes are written out (h += h rotated by two lanes, then lane 0 + lane 1): a call of
  ;; $hsum_i32x4 per block and token made a 128-token Q1_0 product 1.6 times slower.
  ;; ---------------------------------------------------------------------------------------------------------

  ;; Q4_1 x Q8_1 (20-byte blocks: f16 d, f16 m, 16 bytes of nibbles as Q4_0's, unsigned: value = q d + m). The
  ;; registry's kernel (ggml's AVX2 one) keeps two f32 sums, one step each per block:
  ;; sumf += f32(d_w * d_x) * sumi and summs += m * s_x, where s_x = d_x * sum(q_x) is the Q8_1 block's second
  ;; scale; the result is sumf + summs.
  (func $dot1_q4_1 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $qs v128) (local $low4 v128) (local $sum f32) (local $summs f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 20))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=4 (local.get $w)))
      (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
      (local.set $sum (f32.add (local.get $sum) (f32.mul
        (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))) (f32.load offset=48 (local.get $x)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (v128.and (local.get $qs) (local.get $low4)))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x))
            (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs (f32.add (local.get $summs) (f32.mul
        (f32.load offset=256 (i32.shl (i32.load16_u offset=2 (local.get $w)) (i32.const 2))) (f32.load offset=52 (local.get $x)))))
      (local.set $w (i32.add (local.get $w) (i32.const 20)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (br $block)))
    (f32.add (local.get $sum) (local.get $summs)))

  ;; Four tokens: each block is decoded once for the four.
  (func $dot4_q4_1 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $qs v128) (local $lo v128) (local $hi v128) (local $low4 v128) (local $dw f32) (local $m f32)
    (local $sum0 f32) (local $summs0 f32) (local $sum1 f32) (local $summs1 f32) (local $sum2 f32) (local $summs2 f32) (local $sum3 f32) (local $summs3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 20))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=4 (local.get $w)))
      (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
      (local.set $lo (v128.and (local.get $qs) (local.get $low4)))
      (local.set $hi (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4)))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $m (f32.load offset=256 (i32.shl (i32.load16_u offset=2 (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs0 (f32.add (local.get $summs0) (f32.mul (local.get $m) (f32.load offset=52 (local.get $x)))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x1)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x1)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x1)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs1 (f32.add (local.get $summs1) (f32.mul (local.get $m) (f32.load offset=52 (local.get $x1)))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x2)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x2)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x2)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs2 (f32.add (local.get $summs2) (f32.mul (local.get $m) (f32.load offset=52 (local.get $x2)))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x3)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x3)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x3)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs3 (f32.add (local.get $summs3) (f32.mul (local.get $m) (f32.load offset=52 (local.get $x3)))))
      (local.set $w (i32.add (local.get $w) (i32.const 20)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 64)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 64)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 64)))
      (br $block)))
    (f32.add (local.get $sum0) (local.get $summs0))
    (f32.add (local.get $sum1) (local.get $summs1))
    (f32.add (local.get $sum2) (local.get $summs2))
    (f32.add (local.get $sum3) (local.get $summs3)))

  ;; Q5_1 x Q8_1 (24-byte blocks: f16 d, f16 m, u32 qh, 16 bytes of nibbles; levels 0..31 as Q5_0's without its
  ;; -16, value = q d + m): Q4_1's two sums.
  (func $dot1_q5_1 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $qs v128) (local $qh v128) (local $lo v128) (local $hi v128) (local $bit v128)
    (local $low4 v128) (local $sixteen v128) (local $sum f32) (local $summs f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $sixteen (v128.const i8x16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16))
    (local.set $bit (v128.const i8x16 1 2 4 8 16 32 64 128 1 2 4 8 16 32 64 128))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 24))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=8 (local.get $w)))
      (local.set $qh (i32x4.splat (i32.load offset=4 (local.get $w))))
      (local.set $lo (v128.or (v128.and (local.get $qs) (local.get $low4))
        (v128.and (i8x16.eq (v128.and (i8x16.shuffle 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 (local.get $qh) (local.get $qh))
          (local.get $bit)) (local.get $bit)) (local.get $sixteen))))
      (local.set $hi (v128.or (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))
        (v128.and (i8x16.eq (v128.and (i8x16.shuffle 2 2 2 2 2 2 2 2 3 3 3 3 3 3 3 3 (local.get $qh) (local.get $qh))
          (local.get $bit)) (local.get $bit)) (local.get $sixteen))))
      ;; into the activations' lane order
      (local.set $lo (i8x16.relaxed_swizzle (local.get $lo) (local.get $order)))
      (local.set $hi (i8x16.relaxed_swizzle (local.get $hi) (local.get $order)))
      (local.set $sum (f32.add (local.get $sum) (f32.mul
        (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))) (f32.load offset=48 (local.get $x)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs (f32.add (local.get $summs) (f32.mul
        (f32.load offset=256 (i32.shl (i32.load16_u offset=2 (local.get $w)) (i32.const 2))) (f32.load offset=52 (local.get $x)))))
      (local.set $w (i32.add (local.get $w) (i32.const 24)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (br $block)))
    (f32.add (local.get $sum) (local.get $summs)))

  ;; Four tokens: each block is decoded once for the four.
  (func $dot4_q5_1 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $qs v128) (local $qh v128) (local $lo v128) (local $hi v128) (local $bit v128) (local $low4 v128)
    (local $sixteen v128) (local $dw f32) (local $m f32)
    (local $sum0 f32) (local $summs0 f32) (local $sum1 f32) (local $summs1 f32) (local $sum2 f32) (local $summs2 f32) (local $sum3 f32) (local $summs3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 24))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $sixteen (v128.const i8x16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16))
    (local.set $bit (v128.const i8x16 1 2 4 8 16 32 64 128 1 2 4 8 16 32 64 128))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=8 (local.get $w)))
      (local.set $qh (i32x4.splat (i32.load offset=4 (local.get $w))))
      (local.set $lo (v128.or (v128.and (local.get $qs) (local.get $low4))
        (v128.and (i8x16.eq (v128.and (i8x16.shuffle 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 (local.get $qh) (local.get $qh))
          (local.get $bit)) (local.get $bit)) (local.get $sixteen))))
      (local.set $hi (v128.or (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))
        (v128.and (i8x16.eq (v128.and (i8x16.shuffle 2 2 2 2 2 2 2 2 3 3 3 3 3 3 3 3 (local.get $qh) (local.get $qh))
          (local.get $bit)) (local.get $bit)) (local.get $sixteen))))
      (local.set $lo (i8x16.relaxed_swizzle (local.get $lo) (local.get $order)))
      (local.set $hi (i8x16.relaxed_swizzle (local.get $hi) (local.get $order)))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $m (f32.load offset=256 (i32.shl (i32.load16_u offset=2 (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs0 (f32.add (local.get $summs0) (f32.mul (local.get $m) (f32.load offset=52 (local.get $x)))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x1)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x1)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x1)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs1 (f32.add (local.get $summs1) (f32.mul (local.get $m) (f32.load offset=52 (local.get $x1)))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x2)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x2)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x2)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs2 (f32.add (local.get $summs2) (f32.mul (local.get $m) (f32.load offset=52 (local.get $x2)))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul (f32.mul (local.get $dw) (f32.load offset=48 (local.get $x3)))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x3)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x3)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $summs3 (f32.add (local.get $summs3) (f32.mul (local.get $m) (f32.load offset=52 (local.get $x3)))))
      (local.set $w (i32.add (local.get $w) (i32.const 24)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 64)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 64)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 64)))
      (br $block)))
    (f32.add (local.get $sum0) (local.get $summs0))
    (f32.add (local.get $sum1) (local.get $summs1))
    (f32.add (local.get $sum2) (local.get $summs2))
    (f32.add (local.get $sum3) (local.get $summs3)))

  ;; Q2_K x Q8_K (84-byte blocks of 256: 16 bytes of 4-bit scale | 4-bit min << 4 per group of 16, qs[64] of
  ;; 2-bit levels, f16 d, f16 dmin). Element 128c + 32s + l (l < 32) is bits 2s of qs[32c + l], so groups
  ;; 8c + 2s and 8c + 2s + 1 are bits 2s of qs[32c..32c+15] and qs[32c+16..32c+31]. The registry's kernel (ggml's
  ;; scalar one) takes two exact integer sums per block, isum = sum_g scale_g * (levels_g . x_g) and
  ;; summs = sum_g min_g * bsum_g, then one f32 step: sumf += f32(dall * isum) - f32(dmin * summs) with
  ;; dall = d_x * d and dmin = d_x * dmin_w. A group's i16 dot (at most 2 * 3 * 127 per lane) is multiplied by its
  ;; scale and widened in one i32x4.dot_i16x8_s.
  (func $dot1_q2_k (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $g i32) (local $q i32) (local $p i32) (local $shift i32) (local $qa v128) (local $qb v128)
    (local $isum v128) (local $mins v128) (local $summs i32) (local $three v128) (local $low4 v128) (local $dx f32)
    (local $sum f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $three (v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 84))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $mins (v128.and (i16x8.shr_u (v128.load (local.get $w)) (i32.const 4)) (local.get $low4)))
      (local.set $summs (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $mins)) (v128.load offset=260 (local.get $x)))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $mins)) (v128.load offset=276 (local.get $x)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
      (local.set $isum (v128.const i32x4 0 0 0 0))
      (local.set $g (i32.const 0))
      (loop $pair
        ;; groups g = 8c + 2s and g + 1: bits 2s (= g & 6) of qs[32c..]; their activations start at element 16g
        (local.set $q (i32.add (local.get $w) (i32.shl (i32.shr_u (local.get $g) (i32.const 3)) (i32.const 5))))
        (local.set $shift (i32.and (local.get $g) (i32.const 6)))
        (local.set $qa (v128.load offset=16 (local.get $q)))
        (local.set $qb (v128.load offset=32 (local.get $q)))
        (local.set $qa (v128.and (i16x8.shr_u (i8x16.relaxed_swizzle (local.get $qa) (local.get $order))
          (local.get $shift)) (local.get $three)))
        (local.set $qb (v128.and (i16x8.shr_u (i8x16.relaxed_swizzle (local.get $qb) (local.get $order))
          (local.get $shift)) (local.get $three)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4))))
        (local.set $isum (i32x4.add (local.get $isum) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (local.get $p)) (local.get $qa))
            (i16x8.splat (i32.and (i32.load8_u (i32.add (local.get $w) (local.get $g))) (i32.const 15))))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (local.get $p)) (local.get $qb))
            (i16x8.splat (i32.and (i32.load8_u offset=1 (i32.add (local.get $w) (local.get $g))) (i32.const 15)))))))
        (local.set $g (i32.add (local.get $g) (i32.const 2)))
        (br_if $pair (i32.lt_u (local.get $g) (i32.const 16))))
      (local.set $dx (f32.load (local.get $x)))
      (local.set $sum (f32.add (local.get $sum) (f32.sub
        (f32.mul (f32.mul (local.get $dx) (f32.load offset=256 (i32.shl (i32.load16_u offset=80 (local.get $w)) (i32.const 2))))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (f32.mul (local.get $dx) (f32.load offset=256 (i32.shl (i32.load16_u offset=82 (local.get $w)) (i32.const 2))))
          (f32.convert_i32_s (local.get $summs))))))
      (local.set $w (i32.add (local.get $w) (i32.const 84)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each pair of groups is decoded once for the four.
  (func $dot4_q2_k (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $g i32) (local $q i32) (local $shift i32) (local $qa v128) (local $qb v128) (local $mins v128)
    (local $sa v128) (local $sb v128) (local $three v128) (local $low4 v128) (local $dw f32) (local $dmin f32) (local $dx f32)
    (local $isum0 v128) (local $summs0 i32) (local $sum0 f32) (local $isum1 v128) (local $summs1 i32) (local $sum1 f32) (local $isum2 v128) (local $summs2 i32) (local $sum2 f32) (local $isum3 v128) (local $summs3 i32) (local $sum3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 84))))
    (local.set $three (v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $mins (v128.and (i16x8.shr_u (v128.load (local.get $w)) (i32.const 4)) (local.get $low4)))
      (local.set $summs0 (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $mins)) (v128.load offset=260 (local.get $x)))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $mins)) (v128.load offset=276 (local.get $x)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
      (local.set $isum0 (v128.const i32x4 0 0 0 0))
      (local.set $summs1 (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $mins)) (v128.load offset=260 (local.get $x1)))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $mins)) (v128.load offset=276 (local.get $x1)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
      (local.set $isum1 (v128.const i32x4 0 0 0 0))
      (local.set $summs2 (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $mins)) (v128.load offset=260 (local.get $x2)))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $mins)) (v128.load offset=276 (local.get $x2)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
      (local.set $isum2 (v128.const i32x4 0 0 0 0))
      (local.set $summs3 (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add
        (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $mins)) (v128.load offset=260 (local.get $x3)))
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $mins)) (v128.load offset=276 (local.get $x3)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
      (local.set $isum3 (v128.const i32x4 0 0 0 0))
      (local.set $g (i32.const 0))
      (loop $pair
        (local.set $q (i32.add (local.get $w) (i32.shl (i32.shr_u (local.get $g) (i32.const 3)) (i32.const 5))))
        (local.set $shift (i32.and (local.get $g) (i32.const 6)))
        (local.set $qa (v128.load offset=16 (local.get $q)))
        (local.set $qb (v128.load offset=32 (local.get $q)))
        (local.set $qa (v128.and (i16x8.shr_u (i8x16.relaxed_swizzle (local.get $qa) (local.get $order))
          (local.get $shift)) (local.get $three)))
        (local.set $qb (v128.and (i16x8.shr_u (i8x16.relaxed_swizzle (local.get $qb) (local.get $order))
          (local.get $shift)) (local.get $three)))
        (local.set $sa (i16x8.splat (i32.and (i32.load8_u (i32.add (local.get $w) (local.get $g))) (i32.const 15))))
        (local.set $sb (i16x8.splat (i32.and (i32.load8_u offset=1 (i32.add (local.get $w) (local.get $g))) (i32.const 15))))
        (local.set $isum0 (i32x4.add (local.get $isum0) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.load offset=4 (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4)))) (local.get $qa)) (local.get $sa))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.load offset=20 (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4)))) (local.get $qb)) (local.get $sb)))))
        (local.set $isum1 (i32x4.add (local.get $isum1) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.load offset=4 (i32.add (local.get $x1) (i32.shl (local.get $g) (i32.const 4)))) (local.get $qa)) (local.get $sa))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.load offset=20 (i32.add (local.get $x1) (i32.shl (local.get $g) (i32.const 4)))) (local.get $qb)) (local.get $sb)))))
        (local.set $isum2 (i32x4.add (local.get $isum2) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.load offset=4 (i32.add (local.get $x2) (i32.shl (local.get $g) (i32.const 4)))) (local.get $qa)) (local.get $sa))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.load offset=20 (i32.add (local.get $x2) (i32.shl (local.get $g) (i32.const 4)))) (local.get $qb)) (local.get $sb)))))
        (local.set $isum3 (i32x4.add (local.get $isum3) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.load offset=4 (i32.add (local.get $x3) (i32.shl (local.get $g) (i32.const 4)))) (local.get $qa)) (local.get $sa))
          (i32x4.dot_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.load offset=20 (i32.add (local.get $x3) (i32.shl (local.get $g) (i32.const 4)))) (local.get $qb)) (local.get $sb)))))
        (local.set $g (i32.add (local.get $g) (i32.const 2)))
        (br_if $pair (i32.lt_u (local.get $g) (i32.const 16))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u offset=80 (local.get $w)) (i32.const 2))))
      (local.set $dmin (f32.load offset=256 (i32.shl (i32.load16_u offset=82 (local.get $w)) (i32.const 2))))
      (local.set $dx (f32.load (local.get $x)))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.sub
        (f32.mul (f32.mul (local.get $dx) (local.get $dw)) (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum0))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (f32.mul (local.get $dx) (local.get $dmin)) (f32.convert_i32_s (local.get $summs0))))))
      (local.set $dx (f32.load (local.get $x1)))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.sub
        (f32.mul (f32.mul (local.get $dx) (local.get $dw)) (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (f32.mul (local.get $dx) (local.get $dmin)) (f32.convert_i32_s (local.get $summs1))))))
      (local.set $dx (f32.load (local.get $x2)))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.sub
        (f32.mul (f32.mul (local.get $dx) (local.get $dw)) (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum2))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (f32.mul (local.get $dx) (local.get $dmin)) (f32.convert_i32_s (local.get $summs2))))))
      (local.set $dx (f32.load (local.get $x3)))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.sub
        (f32.mul (f32.mul (local.get $dx) (local.get $dw)) (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (f32.mul (local.get $dx) (local.get $dmin)) (f32.convert_i32_s (local.get $summs3))))))
      (local.set $w (i32.add (local.get $w) (i32.const 84)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; The 16 group scales of a Q3_K block (6 bits, less their bias of 32) in bytes 0-15, from its 12 scale bytes
  ;; at $s, four at a time as ggml's kernels unpack them: the low 4 bits are nibble g / 8 of byte g % 8, the
  ;; high 2 bits are bits 2 (g / 4) of byte 8 + g % 4.
  (func $q3k_scales (param $s i32) (result v128)
    (local $lo i32) (local $mid i32) (local $hi i32)
    (local.set $lo (i32.load (local.get $s)))
    (local.set $mid (i32.load offset=4 (local.get $s)))
    (local.set $hi (i32.load offset=8 (local.get $s)))
    (i8x16.sub
      (i32x4.replace_lane 3
        (i32x4.replace_lane 2
          (i32x4.replace_lane 1
            (i32x4.splat (i32.or (i32.and (local.get $lo) (i32.const 0x0f0f0f0f))
              (i32.shl (i32.and (local.get $hi) (i32.const 0x03030303)) (i32.const 4))))
            (i32.or (i32.and (local.get $mid) (i32.const 0x0f0f0f0f))
              (i32.shl (i32.and (i32.shr_u (local.get $hi) (i32.const 2)) (i32.const 0x03030303)) (i32.const 4))))
          (i32.or (i32.and (i32.shr_u (local.get $lo) (i32.const 4)) (i32.const 0x0f0f0f0f))
            (i32.shl (i32.and (i32.shr_u (local.get $hi) (i32.const 4)) (i32.const 0x03030303)) (i32.const 4))))
        (i32.or (i32.and (i32.shr_u (local.get $mid) (i32.const 4)) (i32.const 0x0f0f0f0f))
          (i32.shl (i32.and (i32.shr_u (local.get $hi) (i32.const 6)) (i32.const 0x03030303)) (i32.const 4))))
      (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))

  ;; Q3_K x Q8_K (110-byte blocks of 256: hmask[32], qs[64] of 2-bit levels as Q2_K's, 12 bytes of 6-bit scales,
  ;; f16 d; level = low 2 bits + 4 * (bit j / 32 of hmask[j % 32]) - 4, in 16 groups of 16). The registry's
  ;; kernel (ggml's scalar one) has Q6_K's lanes: scale * level * q8 summed into eight integer lanes by element
  ;; index mod 8, d * lane added to eight f32 lane sums per block, the lanes added in order at the end. As in
  ;; $dot1_q6_k, levels + 4 (0..7, unsigned) and activations are shuffled so that elements l and l + 8 share an
  ;; i16 lane, 4 * (x_l + x_(l+8)) comes off, and a pair of groups is scaled and added in i32x4.dot_i16x8_s.
  (func $dot1_q3_k (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $end i32) (local $g i32) (local $q i32) (local $p i32) (local $shift i32) (local $hshift i32)
    (local $lev0 v128) (local $lev1 v128) (local $xa v128) (local $xb v128) (local $p0 v128) (local $p1 v128)
    (local $sc v128) (local $scales v128) (local $d v128) (local $lo v128) (local $hi v128) (local $accLo v128) (local $accHi v128)
    (local $three v128) (local $one v128)
    (local.set $three (v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3))
    (local.set $one (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 110))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $lo (v128.const i32x4 0 0 0 0))
      (local.set $hi (v128.const i32x4 0 0 0 0))
      (local.set $scales (call $q3k_scales (i32.add (local.get $w) (i32.const 96))))
      (local.set $g (i32.const 0))
      (loop $pair
        ;; groups g = 8c + 2s and g + 1: low bits 2s (= g & 6) of qs[32c..], high bit 4c + s (= g / 2) of hmask[..]
        (local.set $q (i32.add (local.get $w) (i32.shl (i32.shr_u (local.get $g) (i32.const 3)) (i32.const 5))))
        (local.set $shift (i32.and (local.get $g) (i32.const 6)))
        (local.set $hshift (i32.shr_u (local.get $g) (i32.const 1)))
        (local.set $lev0 (v128.or
          (v128.and (i16x8.shr_u (v128.load offset=32 (local.get $q)) (local.get $shift)) (local.get $three))
          (i16x8.shl (v128.and (i16x8.shr_u (v128.load (local.get $w)) (local.get $hshift)) (local.get $one)) (i32.const 2))))
        (local.set $lev1 (v128.or
          (v128.and (i16x8.shr_u (v128.load offset=48 (local.get $q)) (local.get $shift)) (local.get $three))
          (i16x8.shl (v128.and (i16x8.shr_u (v128.load offset=16 (local.get $w)) (local.get $hshift)) (local.get $one)) (i32.const 2))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        ;; i16 pair (scale of group g, scale of group g + 1), then the next pair's scales to bytes 0 and 1
        (local.set $sc (i32x4.splat (i32x4.extract_lane 0 (i16x8.extend_low_i8x16_s (local.get $scales)))))
        (local.set $scales (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 (local.get $scales) (local.get $scales)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4))))
        (local.set $xa (v128.load offset=4 (local.get $p)))
        (local.set $xb (v128.load offset=20 (local.get $p)))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 2))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 2))))
        (local.set $lo (i32x4.add (local.get $lo) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi (i32x4.add (local.get $hi) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $g (i32.add (local.get $g) (i32.const 2)))
        (br_if $pair (i32.lt_u (local.get $g) (i32.const 16))))
      (local.set $d (f32x4.splat (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u offset=108 (local.get $w)) (i32.const 2)))
        (f32.load (local.get $x)))))
      (local.set $accLo (f32x4.add (local.get $accLo) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo)))))
      (local.set $accHi (f32x4.add (local.get $accHi) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi)))))
      (local.set $w (i32.add (local.get $w) (i32.const 110)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (call $sum_lanes (f32.const 0) (local.get $accLo) (local.get $accHi)))

  ;; Four tokens: each pair of groups is decoded once for the four.
  (func $dot4_q3_k (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $g i32) (local $q i32) (local $shift i32) (local $hshift i32) (local $lev0 v128) (local $lev1 v128)
    (local $xa v128) (local $xb v128) (local $p0 v128) (local $p1 v128) (local $sc v128) (local $scales v128) (local $d v128) (local $dw f32)
    (local $three v128) (local $one v128)
    (local $lo0 v128) (local $hi0 v128) (local $accLo0 v128) (local $accHi0 v128) (local $lo1 v128) (local $hi1 v128) (local $accLo1 v128) (local $accHi1 v128) (local $lo2 v128) (local $hi2 v128) (local $accLo2 v128) (local $accHi2 v128) (local $lo3 v128) (local $hi3 v128) (local $accLo3 v128) (local $accHi3 v128)
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 110))))
    (local.set $three (v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3))
    (local.set $one (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $lo0 (v128.const i32x4 0 0 0 0))
      (local.set $hi0 (v128.const i32x4 0 0 0 0))
      (local.set $lo1 (v128.const i32x4 0 0 0 0))
      (local.set $hi1 (v128.const i32x4 0 0 0 0))
      (local.set $lo2 (v128.const i32x4 0 0 0 0))
      (local.set $hi2 (v128.const i32x4 0 0 0 0))
      (local.set $lo3 (v128.const i32x4 0 0 0 0))
      (local.set $hi3 (v128.const i32x4 0 0 0 0))
      (local.set $scales (call $q3k_scales (i32.add (local.get $w) (i32.const 96))))
      (local.set $g (i32.const 0))
      (loop $pair
        (local.set $q (i32.add (local.get $w) (i32.shl (i32.shr_u (local.get $g) (i32.const 3)) (i32.const 5))))
        (local.set $shift (i32.and (local.get $g) (i32.const 6)))
        (local.set $hshift (i32.shr_u (local.get $g) (i32.const 1)))
        (local.set $lev0 (v128.or
          (v128.and (i16x8.shr_u (v128.load offset=32 (local.get $q)) (local.get $shift)) (local.get $three))
          (i16x8.shl (v128.and (i16x8.shr_u (v128.load (local.get $w)) (local.get $hshift)) (local.get $one)) (i32.const 2))))
        (local.set $lev1 (v128.or
          (v128.and (i16x8.shr_u (v128.load offset=48 (local.get $q)) (local.get $shift)) (local.get $three))
          (i16x8.shl (v128.and (i16x8.shr_u (v128.load offset=16 (local.get $w)) (local.get $hshift)) (local.get $one)) (i32.const 2))))
        (local.set $lev0 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev0) (local.get $lev0)))
        (local.set $lev1 (i8x16.shuffle 0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 (local.get $lev1) (local.get $lev1)))
        ;; i16 pair (scale of group g, scale of group g + 1), then the next pair's scales to bytes 0 and 1
        (local.set $sc (i32x4.splat (i32x4.extract_lane 0 (i16x8.extend_low_i8x16_s (local.get $scales)))))
        (local.set $scales (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 (local.get $scales) (local.get $scales)))
        (local.set $xa (v128.load offset=4 (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xb (v128.load offset=20 (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 2))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 2))))
        (local.set $lo0 (i32x4.add (local.get $lo0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi0 (i32x4.add (local.get $hi0) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=4 (i32.add (local.get $x1) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xb (v128.load offset=20 (i32.add (local.get $x1) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 2))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 2))))
        (local.set $lo1 (i32x4.add (local.get $lo1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi1 (i32x4.add (local.get $hi1) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=4 (i32.add (local.get $x2) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xb (v128.load offset=20 (i32.add (local.get $x2) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 2))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 2))))
        (local.set $lo2 (i32x4.add (local.get $lo2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi2 (i32x4.add (local.get $hi2) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $xa (v128.load offset=4 (i32.add (local.get $x3) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xb (v128.load offset=20 (i32.add (local.get $x3) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xa (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xa) (local.get $xa)))
        (local.set $xb (i8x16.shuffle 0 2 1 3 4 6 5 7 8 10 9 11 12 14 13 15 (local.get $xb) (local.get $xb)))
        (local.set $p0 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $lev0))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i32.const 2))))
        (local.set $p1 (i16x8.sub (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $lev1))
          (i16x8.shl (i16x8.extadd_pairwise_i8x16_s (local.get $xb)) (i32.const 2))))
        (local.set $lo3 (i32x4.add (local.get $lo3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $p0) (local.get $p1)))))
        (local.set $hi3 (i32x4.add (local.get $hi3) (i32x4.dot_i16x8_s (local.get $sc)
          (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $p0) (local.get $p1)))))
        (local.set $g (i32.add (local.get $g) (i32.const 2)))
        (br_if $pair (i32.lt_u (local.get $g) (i32.const 16))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u offset=108 (local.get $w)) (i32.const 2))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x)))))
      (local.set $accLo0 (f32x4.add (local.get $accLo0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo0)))))
      (local.set $accHi0 (f32x4.add (local.get $accHi0) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi0)))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x1)))))
      (local.set $accLo1 (f32x4.add (local.get $accLo1) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo1)))))
      (local.set $accHi1 (f32x4.add (local.get $accHi1) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi1)))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x2)))))
      (local.set $accLo2 (f32x4.add (local.get $accLo2) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo2)))))
      (local.set $accHi2 (f32x4.add (local.get $accHi2) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi2)))))
      (local.set $d (f32x4.splat (f32.mul (local.get $dw) (f32.load (local.get $x3)))))
      (local.set $accLo3 (f32x4.add (local.get $accLo3) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $lo3)))))
      (local.set $accHi3 (f32x4.add (local.get $accHi3) (f32x4.mul (local.get $d) (f32x4.convert_i32x4_s (local.get $hi3)))))
      (local.set $w (i32.add (local.get $w) (i32.const 110)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (call $sum_lanes (f32.const 0) (local.get $accLo0) (local.get $accHi0))
    (call $sum_lanes (f32.const 0) (local.get $accLo1) (local.get $accHi1))
    (call $sum_lanes (f32.const 0) (local.get $accLo2) (local.get $accHi2))
    (call $sum_lanes (f32.const 0) (local.get $accLo3) (local.get $accHi3)))

  ;; IQ4_XS x Q8_K (136-byte blocks of 256: f16 d, u16 scales_h, scales_l[4], qs[128]; 8 sub-blocks of 32 with
  ;; 6-bit scales ls (low 4 bits: nibble ib % 2 of scales_l[ib / 2], high 2 bits: bits 2 ib of scales_h),
  ;; nibbles laid out and mapped to levels as IQ4_NL's). The registry's kernel (ggml's AVX2 one) applies the
  ;; sub-block scales ls - 32 in integers and takes one f32 step per block, sumf += f32(d * d_x) * sumi, with the
  ;; product rounded once from the exact double (sumi may exceed f32's 24 bits).
  (func $dot1_iq4_xs (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $ib i32) (local $p i32) (local $qs v128) (local $lo v128) (local $hi v128)
    (local $nlo v128) (local $nhi v128) (local $low4 v128) (local $levels v128) (local $zero v128) (local $isum v128)
    (local $sum f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $levels (v128.const i8x16 -127 -104 -83 -65 -49 -35 -22 -10 1 13 25 38 53 69 89 113))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 136))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $isum (v128.const i32x4 0 0 0 0))
      (local.set $ib (i32.const 0))
      (loop $sub
        (local.set $qs (v128.load offset=8 (i32.add (local.get $w) (i32.shl (local.get $ib) (i32.const 4)))))
        (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
        (local.set $lo (i8x16.swizzle (local.get $levels) (v128.and (local.get $qs) (local.get $low4))))
        (local.set $hi (i8x16.swizzle (local.get $levels) (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
        (local.set $nlo (i8x16.lt_s (local.get $lo) (local.get $zero)))
        (local.set $nhi (i8x16.lt_s (local.get $hi) (local.get $zero)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $ib) (i32.const 5))))
        (local.set $isum (i32x4.add (local.get $isum) (i32x4.mul
          (i32x4.add
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=4 (local.get $p)) (local.get $nlo)) (local.get $nlo)) (i8x16.abs (local.get $lo))))
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=20 (local.get $p)) (local.get $nhi)) (local.get $nhi)) (i8x16.abs (local.get $hi)))))
          (i32x4.splat (i32.sub
            (i32.or
              (i32.and (i32.shr_u (i32.load8_u offset=4 (i32.add (local.get $w) (i32.shr_u (local.get $ib) (i32.const 1))))
                (i32.shl (i32.and (local.get $ib) (i32.const 1)) (i32.const 2))) (i32.const 15))
              (i32.shl (i32.and (i32.shr_u (i32.load16_u offset=2 (local.get $w)) (i32.shl (local.get $ib) (i32.const 1)))
                (i32.const 3)) (i32.const 4)))
            (i32.const 32))))))
        (local.set $ib (i32.add (local.get $ib) (i32.const 1)))
        (br_if $sub (i32.lt_u (local.get $ib) (i32.const 8))))
      (local.set $sum (f32.add (local.get $sum) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))) (f32.load (local.get $x))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $w (i32.add (local.get $w) (i32.const 136)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each sub-block is decoded once for the four.
  (func $dot4_iq4_xs (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $ib i32) (local $qs v128) (local $lo v128) (local $hi v128) (local $nlo v128) (local $nhi v128)
    (local $low4 v128) (local $levels v128) (local $zero v128) (local $ls v128) (local $dw f32)
    (local $isum0 v128) (local $sum0 f32) (local $isum1 v128) (local $sum1 f32) (local $isum2 v128) (local $sum2 f32) (local $isum3 v128) (local $sum3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 136))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $levels (v128.const i8x16 -127 -104 -83 -65 -49 -35 -22 -10 1 13 25 38 53 69 89 113))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $isum0 (v128.const i32x4 0 0 0 0))
      (local.set $isum1 (v128.const i32x4 0 0 0 0))
      (local.set $isum2 (v128.const i32x4 0 0 0 0))
      (local.set $isum3 (v128.const i32x4 0 0 0 0))
      (local.set $ib (i32.const 0))
      (loop $sub
        (local.set $qs (v128.load offset=8 (i32.add (local.get $w) (i32.shl (local.get $ib) (i32.const 4)))))
        (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
        (local.set $lo (i8x16.swizzle (local.get $levels) (v128.and (local.get $qs) (local.get $low4))))
        (local.set $hi (i8x16.swizzle (local.get $levels) (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
        (local.set $nlo (i8x16.lt_s (local.get $lo) (local.get $zero)))
        (local.set $nhi (i8x16.lt_s (local.get $hi) (local.get $zero)))
        (local.set $lo (i8x16.abs (local.get $lo)))
        (local.set $hi (i8x16.abs (local.get $hi)))
        (local.set $ls (i32x4.splat (i32.sub
          (i32.or
            (i32.and (i32.shr_u (i32.load8_u offset=4 (i32.add (local.get $w) (i32.shr_u (local.get $ib) (i32.const 1))))
              (i32.shl (i32.and (local.get $ib) (i32.const 1)) (i32.const 2))) (i32.const 15))
            (i32.shl (i32.and (i32.shr_u (i32.load16_u offset=2 (local.get $w)) (i32.shl (local.get $ib) (i32.const 1)))
              (i32.const 3)) (i32.const 4)))
          (i32.const 32))))
        (local.set $isum0 (i32x4.add (local.get $isum0) (i32x4.mul
          (i32x4.add
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=4 (i32.add (local.get $x) (i32.shl (local.get $ib) (i32.const 5))))
                (local.get $nlo)) (local.get $nlo)) (local.get $lo)))
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=20 (i32.add (local.get $x) (i32.shl (local.get $ib) (i32.const 5))))
                (local.get $nhi)) (local.get $nhi)) (local.get $hi))))
          (local.get $ls))))
        (local.set $isum1 (i32x4.add (local.get $isum1) (i32x4.mul
          (i32x4.add
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=4 (i32.add (local.get $x1) (i32.shl (local.get $ib) (i32.const 5))))
                (local.get $nlo)) (local.get $nlo)) (local.get $lo)))
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=20 (i32.add (local.get $x1) (i32.shl (local.get $ib) (i32.const 5))))
                (local.get $nhi)) (local.get $nhi)) (local.get $hi))))
          (local.get $ls))))
        (local.set $isum2 (i32x4.add (local.get $isum2) (i32x4.mul
          (i32x4.add
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=4 (i32.add (local.get $x2) (i32.shl (local.get $ib) (i32.const 5))))
                (local.get $nlo)) (local.get $nlo)) (local.get $lo)))
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=20 (i32.add (local.get $x2) (i32.shl (local.get $ib) (i32.const 5))))
                (local.get $nhi)) (local.get $nhi)) (local.get $hi))))
          (local.get $ls))))
        (local.set $isum3 (i32x4.add (local.get $isum3) (i32x4.mul
          (i32x4.add
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=4 (i32.add (local.get $x3) (i32.shl (local.get $ib) (i32.const 5))))
                (local.get $nlo)) (local.get $nlo)) (local.get $lo)))
            (i32x4.extadd_pairwise_i16x8_s (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=20 (i32.add (local.get $x3) (i32.shl (local.get $ib) (i32.const 5))))
                (local.get $nhi)) (local.get $nhi)) (local.get $hi))))
          (local.get $ls))))
        (local.set $ib (i32.add (local.get $ib) (i32.const 1)))
        (br_if $sub (i32.lt_u (local.get $ib) (i32.const 8))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (local.get $dw) (f32.load (local.get $x))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum0))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (local.get $dw) (f32.load (local.get $x1))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (local.get $dw) (f32.load (local.get $x2))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum2))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (local.get $dw) (f32.load (local.get $x3))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $w (i32.add (local.get $w) (i32.const 136)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; MXFP4 x Q8_0 (17-byte blocks: an E8M0 exponent e, 16 bytes of nibbles laid out as IQ4_NL's, indexing the
  ;; doubled E2M1 values kvalues_mxfp4, -12..12). As IQ4_NL, with the block scale d_x * 2^(e - 128): the
  ;; exponent is built as a double's bits and rounded to f32 (exact: 2^-128 and 2^-127 are f32 subnormals).
  (func $dot1_mxfp4 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $qs v128) (local $lo v128) (local $hi v128) (local $nlo v128) (local $nhi v128)
    (local $low4 v128) (local $levels v128) (local $zero v128) (local $sum f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $levels (v128.const i8x16 0 1 2 3 4 6 8 12 0 -1 -2 -3 -4 -6 -8 -12))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 17))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=1 (local.get $w)))
      (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
      (local.set $lo (i8x16.swizzle (local.get $levels) (v128.and (local.get $qs) (local.get $low4))))
      (local.set $hi (i8x16.swizzle (local.get $levels) (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
      (local.set $nlo (i8x16.lt_s (local.get $lo) (local.get $zero)))
      (local.set $nhi (i8x16.lt_s (local.get $hi) (local.get $zero)))
      (local.set $sum (f32.add (local.get $sum) (f32.mul
        (f32.mul (f32.load offset=48 (local.get $x))
          (f32.demote_f64 (f64.reinterpret_i64 (i64.shl
            (i64.extend_i32_u (i32.add (i32.load8_u (local.get $w)) (i32.const 895))) (i64.const 52)))))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x)) (local.get $nlo)) (local.get $nlo)) (i8x16.abs (local.get $lo)))
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x)) (local.get $nhi)) (local.get $nhi)) (i8x16.abs (local.get $hi))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 17)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each block is decoded once for the four.
  (func $dot4_mxfp4 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $qs v128) (local $lo v128) (local $hi v128) (local $nlo v128) (local $nhi v128)
    (local $low4 v128) (local $levels v128) (local $zero v128) (local $e f32)
    (local $sum0 f32) (local $sum1 f32) (local $sum2 f32) (local $sum3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 5)) (i32.const 17))))
    (local.set $low4 (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $levels (v128.const i8x16 0 1 2 3 4 6 8 12 0 -1 -2 -3 -4 -6 -8 -12))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $qs (v128.load offset=1 (local.get $w)))
      (local.set $qs (i8x16.relaxed_swizzle (local.get $qs) (local.get $order)))
      (local.set $lo (i8x16.swizzle (local.get $levels) (v128.and (local.get $qs) (local.get $low4))))
      (local.set $hi (i8x16.swizzle (local.get $levels) (v128.and (i16x8.shr_u (local.get $qs) (i32.const 4)) (local.get $low4))))
      (local.set $nlo (i8x16.lt_s (local.get $lo) (local.get $zero)))
      (local.set $nhi (i8x16.lt_s (local.get $hi) (local.get $zero)))
      (local.set $lo (i8x16.abs (local.get $lo)))
      (local.set $hi (i8x16.abs (local.get $hi)))
      (local.set $e (f32.demote_f64 (f64.reinterpret_i64 (i64.shl
        (i64.extend_i32_u (i32.add (i32.load8_u (local.get $w)) (i32.const 895))) (i64.const 52)))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul (f32.mul (f32.load offset=48 (local.get $x)) (local.get $e))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x)) (local.get $nlo)) (local.get $nlo)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x)) (local.get $nhi)) (local.get $nhi)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul (f32.mul (f32.load offset=48 (local.get $x1)) (local.get $e))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x1)) (local.get $nlo)) (local.get $nlo)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x1)) (local.get $nhi)) (local.get $nhi)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul (f32.mul (f32.load offset=48 (local.get $x2)) (local.get $e))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x2)) (local.get $nlo)) (local.get $nlo)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x2)) (local.get $nhi)) (local.get $nhi)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul (f32.mul (f32.load offset=48 (local.get $x3)) (local.get $e))
        (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load (local.get $x3)) (local.get $nlo)) (local.get $nlo)) (local.get $lo))
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (i8x16.sub (v128.xor (v128.load offset=16 (local.get $x3)) (local.get $nhi)) (local.get $nhi)) (local.get $hi)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 17)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 64)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 64)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 64)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; TQ2_0 x Q8_K (66-byte blocks of 256: qs[64] of 2-bit codes laid out as Q2_K's, f16 d; level = code - 1).
  ;; sumi = codes . x - sum(x), exactly; then sumf += f32(sumi * f32(d_x * d)).
  (func $dot1_tq2_0 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $g i32) (local $q i32) (local $p i32) (local $shift i32) (local $qa v128) (local $qb v128)
    (local $xa v128) (local $xb v128) (local $isum v128) (local $three v128) (local $sum f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $three (v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 66))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $isum (v128.const i32x4 0 0 0 0))
      (local.set $g (i32.const 0))
      (loop $pair
        ;; elements 16g..16g+31, g = 8c + 2s: bits 2s (= g & 6) of qs[32c..32c+31]
        (local.set $q (i32.add (local.get $w) (i32.shl (i32.shr_u (local.get $g) (i32.const 3)) (i32.const 5))))
        (local.set $shift (i32.and (local.get $g) (i32.const 6)))
        (local.set $qa (v128.load (local.get $q)))
        (local.set $qb (v128.load offset=16 (local.get $q)))
        (local.set $qa (v128.and (i16x8.shr_u (i8x16.relaxed_swizzle (local.get $qa) (local.get $order))
          (local.get $shift)) (local.get $three)))
        (local.set $qb (v128.and (i16x8.shr_u (i8x16.relaxed_swizzle (local.get $qb) (local.get $order))
          (local.get $shift)) (local.get $three)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4))))
        (local.set $xa (v128.load offset=4 (local.get $p)))
        (local.set $xb (v128.load offset=20 (local.get $p)))
        (local.set $isum (i32x4.add (local.get $isum) (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $qa))
            (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $qb)))
          (i16x8.add (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i16x8.extadd_pairwise_i8x16_s (local.get $xb)))))))
        (local.set $g (i32.add (local.get $g) (i32.const 2)))
        (br_if $pair (i32.lt_u (local.get $g) (i32.const 16))))
      (local.set $sum (f32.add (local.get $sum) (f32.mul (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
        (f32.mul (f32.load (local.get $x)) (f32.load offset=256 (i32.shl (i32.load16_u offset=64 (local.get $w)) (i32.const 2)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 66)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each pair of 16-element groups is decoded once for the four.
  (func $dot4_tq2_0 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $g i32) (local $q i32) (local $shift i32) (local $qa v128) (local $qb v128) (local $xa v128)
    (local $xb v128) (local $three v128) (local $dw f32)
    (local $isum0 v128) (local $sum0 f32) (local $isum1 v128) (local $sum1 f32) (local $isum2 v128) (local $sum2 f32) (local $isum3 v128) (local $sum3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 66))))
    (local.set $three (v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $isum0 (v128.const i32x4 0 0 0 0))
      (local.set $isum1 (v128.const i32x4 0 0 0 0))
      (local.set $isum2 (v128.const i32x4 0 0 0 0))
      (local.set $isum3 (v128.const i32x4 0 0 0 0))
      (local.set $g (i32.const 0))
      (loop $pair
        (local.set $q (i32.add (local.get $w) (i32.shl (i32.shr_u (local.get $g) (i32.const 3)) (i32.const 5))))
        (local.set $shift (i32.and (local.get $g) (i32.const 6)))
        (local.set $qa (v128.load (local.get $q)))
        (local.set $qb (v128.load offset=16 (local.get $q)))
        (local.set $qa (v128.and (i16x8.shr_u (i8x16.relaxed_swizzle (local.get $qa) (local.get $order))
          (local.get $shift)) (local.get $three)))
        (local.set $qb (v128.and (i16x8.shr_u (i8x16.relaxed_swizzle (local.get $qb) (local.get $order))
          (local.get $shift)) (local.get $three)))
        (local.set $xa (v128.load offset=4 (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xb (v128.load offset=20 (i32.add (local.get $x) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $isum0 (i32x4.add (local.get $isum0) (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $qa))
            (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $qb)))
          (i16x8.add (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i16x8.extadd_pairwise_i8x16_s (local.get $xb)))))))
        (local.set $xa (v128.load offset=4 (i32.add (local.get $x1) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xb (v128.load offset=20 (i32.add (local.get $x1) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $isum1 (i32x4.add (local.get $isum1) (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $qa))
            (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $qb)))
          (i16x8.add (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i16x8.extadd_pairwise_i8x16_s (local.get $xb)))))))
        (local.set $xa (v128.load offset=4 (i32.add (local.get $x2) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xb (v128.load offset=20 (i32.add (local.get $x2) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $isum2 (i32x4.add (local.get $isum2) (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $qa))
            (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $qb)))
          (i16x8.add (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i16x8.extadd_pairwise_i8x16_s (local.get $xb)))))))
        (local.set $xa (v128.load offset=4 (i32.add (local.get $x3) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $xb (v128.load offset=20 (i32.add (local.get $x3) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $isum3 (i32x4.add (local.get $isum3) (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
          (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xa) (local.get $qa))
            (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $xb) (local.get $qb)))
          (i16x8.add (i16x8.extadd_pairwise_i8x16_s (local.get $xa)) (i16x8.extadd_pairwise_i8x16_s (local.get $xb)))))))
        (local.set $g (i32.add (local.get $g) (i32.const 2)))
        (br_if $pair (i32.lt_u (local.get $g) (i32.const 16))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u offset=64 (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum0))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
        (f32.mul (f32.load (local.get $x)) (local.get $dw)))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
        (f32.mul (f32.load (local.get $x1)) (local.get $dw)))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum2))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
        (f32.mul (f32.load (local.get $x2)) (local.get $dw)))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))
        (f32.mul (f32.load (local.get $x3)) (local.get $dw)))))
      (local.set $w (i32.add (local.get $w) (i32.const 66)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; Trit n of 16 TQ1_0 bytes, as 0..2: byte * 3^n (mod 256) brings trit n to the top, and (that * 3) >> 8 reads
  ;; it. $mlo and $mhi are the i16 multipliers 3^n of bytes 0-7 and 8-15.
  (func $tq1_trits (param $b v128) (param $mlo v128) (param $mhi v128) (result v128)
    (local $ff v128) (local $three v128)
    (local.set $ff (v128.const i16x8 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff))
    (local.set $three (v128.const i16x8 3 3 3 3 3 3 3 3))
    (i8x16.narrow_i16x8_u
      (i16x8.shr_u (i16x8.mul (v128.and (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $b)) (local.get $mlo))
        (local.get $ff)) (local.get $three)) (i32.const 8))
      (i16x8.shr_u (i16x8.mul (v128.and (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $b)) (local.get $mhi))
        (local.get $ff)) (local.get $three)) (i32.const 8))))

  ;; TQ1_0 x Q8_K (54-byte blocks of 256: qs[48] with 5 trits per byte, qh[4] with 4, f16 d; see
  ;; src/quant/ternary.ts). qs[m] (m < 32) holds elements m + 32n, qs[32 + m] (m < 16) elements 160 + m + 16n,
  ;; qh[m] elements 240 + m + 4n, for trit n. The bytes are put in the activations' lane order before their
  ;; trits are read (a byte's trits do not depend on its position); the qh vector repeats each byte once per
  ;; trit, with that trit's multiplier. The trits (0..2) enter the relaxed dot unsigned and the 16 dots of a
  ;; block add up in i16 (at most 16 * 2 * 2 * 127); the level is trit - 1, so sum(x), the block's bsums, comes
  ;; off: sumi = dots - sum(x), exactly. Then as TQ2_0: sumf += f32(sumi * f32(d * d_x)).
  (func $dot1_tq1_0 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $t i32) (local $m v128) (local $a v128) (local $b v128) (local $c v128) (local $qh v128)
    (local $dots v128) (local $sum f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 54))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $a (v128.load (local.get $w)))
      (local.set $b (v128.load offset=16 (local.get $w)))
      (local.set $c (v128.load offset=32 (local.get $w)))
      (local.set $a (i8x16.relaxed_swizzle (local.get $a) (local.get $order)))
      (local.set $b (i8x16.relaxed_swizzle (local.get $b) (local.get $order)))
      (local.set $c (i8x16.relaxed_swizzle (local.get $c) (local.get $order)))
      ;; elements 240..255: lane order position p holds element 240 + G(p), i.e. trit G(p) / 4 of qh[G(p) % 4]
      (local.set $qh (v128.load32_splat offset=48 (local.get $w)))
      (local.set $dots (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=244 (local.get $x))
        (call $tq1_trits (i8x16.shuffle 0 1 0 1 2 3 2 3 0 1 0 1 2 3 2 3 (local.get $qh) (local.get $qh))
          (v128.const i16x8 1 1 9 9 1 1 9 9) (v128.const i16x8 3 3 27 27 3 3 27 27))))
      ;; trit t of qs: elements 32t.. (qs[0..31]) and 160 + 16t.. (qs[32..47])
      (local.set $m (v128.const i16x8 1 1 1 1 1 1 1 1))
      (local.set $t (i32.const 0))
      (loop $trit
        (local.set $dots (i16x8.add (local.get $dots) (i16x8.add (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 5))))
            (call $tq1_trits (local.get $a) (local.get $m) (local.get $m)))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 5))))
            (call $tq1_trits (local.get $b) (local.get $m) (local.get $m))))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=164 (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 4))))
            (call $tq1_trits (local.get $c) (local.get $m) (local.get $m))))))
        (local.set $m (i16x8.mul (local.get $m) (v128.const i16x8 3 3 3 3 3 3 3 3)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br_if $trit (i32.lt_u (local.get $t) (i32.const 5))))
      (local.set $sum (f32.add (local.get $sum) (f32.mul
        (f32.convert_i32_s (i32.sub (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (local.get $dots)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))
          (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u offset=52 (local.get $w)) (i32.const 2))) (f32.load (local.get $x))))))
      (local.set $w (i32.add (local.get $w) (i32.const 54)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each block's trits are read once for the four.
  (func $dot4_tq1_0 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $t i32) (local $m v128) (local $a v128) (local $b v128) (local $c v128) (local $qh v128)
    (local $ta v128) (local $tb v128) (local $tc v128) (local $dw f32)
    (local $dots0 v128) (local $sum0 f32) (local $dots1 v128) (local $sum1 f32) (local $dots2 v128) (local $sum2 f32) (local $dots3 v128) (local $sum3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 54))))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $a (v128.load (local.get $w)))
      (local.set $b (v128.load offset=16 (local.get $w)))
      (local.set $c (v128.load offset=32 (local.get $w)))
      (local.set $a (i8x16.relaxed_swizzle (local.get $a) (local.get $order)))
      (local.set $b (i8x16.relaxed_swizzle (local.get $b) (local.get $order)))
      (local.set $c (i8x16.relaxed_swizzle (local.get $c) (local.get $order)))
      (local.set $qh (v128.load32_splat offset=48 (local.get $w)))
      (local.set $qh (call $tq1_trits (i8x16.shuffle 0 1 0 1 2 3 2 3 0 1 0 1 2 3 2 3 (local.get $qh) (local.get $qh))
        (v128.const i16x8 1 1 9 9 1 1 9 9) (v128.const i16x8 3 3 27 27 3 3 27 27)))
      (local.set $dots0 (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=244 (local.get $x)) (local.get $qh)))
      (local.set $dots1 (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=244 (local.get $x1)) (local.get $qh)))
      (local.set $dots2 (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=244 (local.get $x2)) (local.get $qh)))
      (local.set $dots3 (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=244 (local.get $x3)) (local.get $qh)))
      (local.set $m (v128.const i16x8 1 1 1 1 1 1 1 1))
      (local.set $t (i32.const 0))
      (loop $trit
        (local.set $ta (call $tq1_trits (local.get $a) (local.get $m) (local.get $m)))
        (local.set $tb (call $tq1_trits (local.get $b) (local.get $m) (local.get $m)))
        (local.set $tc (call $tq1_trits (local.get $c) (local.get $m) (local.get $m)))
        (local.set $dots0 (i16x8.add (local.get $dots0) (i16x8.add (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 5))))
            (local.get $ta))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 5))))
            (local.get $tb)))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=164 (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 4))))
            (local.get $tc)))))
        (local.set $dots1 (i16x8.add (local.get $dots1) (i16x8.add (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (i32.add (local.get $x1) (i32.shl (local.get $t) (i32.const 5))))
            (local.get $ta))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (i32.add (local.get $x1) (i32.shl (local.get $t) (i32.const 5))))
            (local.get $tb)))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=164 (i32.add (local.get $x1) (i32.shl (local.get $t) (i32.const 4))))
            (local.get $tc)))))
        (local.set $dots2 (i16x8.add (local.get $dots2) (i16x8.add (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (i32.add (local.get $x2) (i32.shl (local.get $t) (i32.const 5))))
            (local.get $ta))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (i32.add (local.get $x2) (i32.shl (local.get $t) (i32.const 5))))
            (local.get $tb)))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=164 (i32.add (local.get $x2) (i32.shl (local.get $t) (i32.const 4))))
            (local.get $tc)))))
        (local.set $dots3 (i16x8.add (local.get $dots3) (i16x8.add (i16x8.add
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=4 (i32.add (local.get $x3) (i32.shl (local.get $t) (i32.const 5))))
            (local.get $ta))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=20 (i32.add (local.get $x3) (i32.shl (local.get $t) (i32.const 5))))
            (local.get $tb)))
          (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=164 (i32.add (local.get $x3) (i32.shl (local.get $t) (i32.const 4))))
            (local.get $tc)))))
        (local.set $m (i16x8.mul (local.get $m) (v128.const i16x8 3 3 3 3 3 3 3 3)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br_if $trit (i32.lt_u (local.get $t) (i32.const 5))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u offset=52 (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul
        (f32.convert_i32_s (i32.sub (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (local.get $dots0)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))
          (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (local.get $dw) (f32.load (local.get $x))))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul
        (f32.convert_i32_s (i32.sub (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (local.get $dots1)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))
          (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x1)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x1)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (local.get $dw) (f32.load (local.get $x1))))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul
        (f32.convert_i32_s (i32.sub (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (local.get $dots2)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))
          (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x2)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x2)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (local.get $dw) (f32.load (local.get $x2))))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul
        (f32.convert_i32_s (i32.sub (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (local.get $dots3)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))
          (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.add (i32x4.extadd_pairwise_i16x8_s (v128.load offset=260 (local.get $x3)))
            (i32x4.extadd_pairwise_i16x8_s (v128.load offset=276 (local.get $x3)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))
        (f32.mul (local.get $dw) (f32.load (local.get $x3))))))
      (local.set $w (i32.add (local.get $w) (i32.const 54)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; Q1_0 x Q8_0 (18-byte blocks of 128: f16 d, qs[16] with one bit per element, set for +d; four activation
  ;; blocks per weight block). Per activation block k: sumi = 2 * (bits . x) - sum(x), exactly; the registry
  ;; (ggml's scalar kernel) sums d_x * sumi over the four in f32 and then takes sumf += d * that. The bits of
  ;; elements 32k + 0..15 come from bytes 4k, 4k + 1 (+ 2 for the second 16), spread so that lane-order position
  ;; p tests bit G(p) % 8 of byte G(p) / 8 (G: $group_lanes's order).
  (func $dot1_q1_0 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $k i32) (local $b v128) (local $lo v128) (local $hi v128) (local $masks v128)
    (local $one v128) (local $blocks f32) (local $sum f32)
    (local.set $masks (v128.const i8x16 1 2 1 2 4 8 4 8 16 32 16 32 64 128 64 128))
    (local.set $one (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 7)) (i32.const 18))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $blocks (f32.const 0))
      (local.set $k (i32.const 0))
      (loop $quarter
        (local.set $b (v128.load32_splat offset=2 (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $lo (v128.and (i8x16.eq (v128.and (i8x16.shuffle 0 0 1 1 0 0 1 1 0 0 1 1 0 0 1 1 (local.get $b) (local.get $b))
          (local.get $masks)) (local.get $masks)) (local.get $one)))
        (local.set $hi (v128.and (i8x16.eq (v128.and (i8x16.shuffle 2 2 3 3 2 2 3 3 2 2 3 3 2 2 3 3 (local.get $b) (local.get $b))
          (local.get $masks)) (local.get $masks)) (local.get $one)))
        (local.set $blocks (f32.add (local.get $blocks) (f32.mul (f32.load offset=48 (local.get $x))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.shl (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x)) (local.get $hi))) (i32.const 1))
            (v128.load offset=32 (local.get $x)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $quarter (i32.lt_u (local.get $k) (i32.const 4))))
      (local.set $sum (f32.add (local.get $sum)
        (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))) (local.get $blocks))))
      (local.set $w (i32.add (local.get $w) (i32.const 18)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each quarter's bits are spread once for the four.
  (func $dot4_q1_0 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $k i32) (local $xo i32) (local $b v128) (local $lo v128) (local $hi v128) (local $masks v128) (local $one v128) (local $dw f32)
    (local $blocks0 f32) (local $sum0 f32) (local $blocks1 f32) (local $sum1 f32) (local $blocks2 f32) (local $sum2 f32) (local $blocks3 f32) (local $sum3 f32)
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 7)) (i32.const 18))))
    (local.set $masks (v128.const i8x16 1 2 1 2 4 8 4 8 16 32 16 32 64 128 64 128))
    (local.set $one (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $blocks0 (f32.const 0))
      (local.set $blocks1 (f32.const 0))
      (local.set $blocks2 (f32.const 0))
      (local.set $blocks3 (f32.const 0))
      (local.set $k (i32.const 0))
      (loop $part
        (local.set $xo (i32.shl (local.get $k) (i32.const 6)))
        (local.set $b (v128.load32_splat offset=2 (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $lo (v128.and (i8x16.eq (v128.and (i8x16.shuffle 0 0 1 1 0 0 1 1 0 0 1 1 0 0 1 1 (local.get $b) (local.get $b))
          (local.get $masks)) (local.get $masks)) (local.get $one)))
        (local.set $hi (v128.and (i8x16.eq (v128.and (i8x16.shuffle 2 2 3 3 2 2 3 3 2 2 3 3 2 2 3 3 (local.get $b) (local.get $b))
          (local.get $masks)) (local.get $masks)) (local.get $one)))
        (local.set $blocks0 (f32.add (local.get $blocks0) (f32.mul (f32.load offset=48 (i32.add (local.get $x) (local.get $xo)))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.shl (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (i32.add (local.get $x) (local.get $xo))) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (i32.add (local.get $x) (local.get $xo))) (local.get $hi))) (i32.const 1))
            (v128.load offset=32 (i32.add (local.get $x) (local.get $xo))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $blocks1 (f32.add (local.get $blocks1) (f32.mul (f32.load offset=48 (i32.add (local.get $x1) (local.get $xo)))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.shl (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (i32.add (local.get $x1) (local.get $xo))) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (i32.add (local.get $x1) (local.get $xo))) (local.get $hi))) (i32.const 1))
            (v128.load offset=32 (i32.add (local.get $x1) (local.get $xo))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $blocks2 (f32.add (local.get $blocks2) (f32.mul (f32.load offset=48 (i32.add (local.get $x2) (local.get $xo)))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.shl (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (i32.add (local.get $x2) (local.get $xo))) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (i32.add (local.get $x2) (local.get $xo))) (local.get $hi))) (i32.const 1))
            (v128.load offset=32 (i32.add (local.get $x2) (local.get $xo))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $blocks3 (f32.add (local.get $blocks3) (f32.mul (f32.load offset=48 (i32.add (local.get $x3) (local.get $xo)))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.shl (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (i32.add (local.get $x3) (local.get $xo))) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (i32.add (local.get $x3) (local.get $xo))) (local.get $hi))) (i32.const 1))
            (v128.load offset=32 (i32.add (local.get $x3) (local.get $xo))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $part (i32.lt_u (local.get $k) (i32.const 4))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul (local.get $dw) (local.get $blocks0))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul (local.get $dw) (local.get $blocks1))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul (local.get $dw) (local.get $blocks2))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul (local.get $dw) (local.get $blocks3))))
      (local.set $w (i32.add (local.get $w) (i32.const 18)))
      (local.set $x (i32.add (local.get $x) (i32.const 256)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 256)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 256)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 256)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; Q2_0 x Q8_0 (18-byte blocks of 64: f16 d, qs[16] with a 2-bit code per element at bits 2 (j % 4) of byte
  ;; j / 4; level = code - 1; two activation blocks per weight block). Per activation block k: sumi = codes . x
  ;; - sum(x), exactly, summed as Q1_0's. Lane-order position p reads bits 2 (G(p) % 4) of byte 8k + G(p) / 4
  ;; (+ 4 for the second 16 elements): both bits are tested against masks and become the code 0..3.
  (func $dot1_q2_0 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $k i32) (local $b v128) (local $lo v128) (local $hi v128) (local $m0 v128) (local $m1 v128)
    (local $one v128) (local $two v128) (local $blocks f32) (local $sum f32)
    (local.set $m0 (v128.const i8x16 1 4 1 4 16 64 16 64 1 4 1 4 16 64 16 64))
    (local.set $m1 (v128.const i8x16 2 8 2 8 32 128 32 128 2 8 2 8 32 128 32 128))
    (local.set $one (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
    (local.set $two (v128.const i8x16 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 6)) (i32.const 18))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $blocks (f32.const 0))
      (local.set $k (i32.const 0))
      (loop $half
        (local.set $b (v128.load64_splat offset=2 (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $lo (i8x16.shuffle 0 0 2 2 0 0 2 2 1 1 3 3 1 1 3 3 (local.get $b) (local.get $b)))
        (local.set $hi (i8x16.shuffle 4 4 6 6 4 4 6 6 5 5 7 7 5 5 7 7 (local.get $b) (local.get $b)))
        (local.set $lo (v128.or
          (v128.and (i8x16.eq (v128.and (local.get $lo) (local.get $m0)) (local.get $m0)) (local.get $one))
          (v128.and (i8x16.eq (v128.and (local.get $lo) (local.get $m1)) (local.get $m1)) (local.get $two))))
        (local.set $hi (v128.or
          (v128.and (i8x16.eq (v128.and (local.get $hi) (local.get $m0)) (local.get $m0)) (local.get $one))
          (v128.and (i8x16.eq (v128.and (local.get $hi) (local.get $m1)) (local.get $m1)) (local.get $two))))
        (local.set $blocks (f32.add (local.get $blocks) (f32.mul (f32.load offset=48 (local.get $x))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (local.get $x)) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (local.get $x)) (local.get $hi)))
            (v128.load offset=32 (local.get $x)))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $half (i32.lt_u (local.get $k) (i32.const 2))))
      (local.set $sum (f32.add (local.get $sum)
        (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))) (local.get $blocks))))
      (local.set $w (i32.add (local.get $w) (i32.const 18)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each half's codes are decoded once for the four.
  (func $dot4_q2_0 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $k i32) (local $xo i32) (local $b v128) (local $lo v128) (local $hi v128) (local $m0 v128) (local $m1 v128) (local $one v128) (local $two v128) (local $dw f32)
    (local $blocks0 f32) (local $sum0 f32) (local $blocks1 f32) (local $sum1 f32) (local $blocks2 f32) (local $sum2 f32) (local $blocks3 f32) (local $sum3 f32)
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 6)) (i32.const 18))))
    (local.set $m0 (v128.const i8x16 1 4 1 4 16 64 16 64 1 4 1 4 16 64 16 64))
    (local.set $m1 (v128.const i8x16 2 8 2 8 32 128 32 128 2 8 2 8 32 128 32 128))
    (local.set $one (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
    (local.set $two (v128.const i8x16 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $blocks0 (f32.const 0))
      (local.set $blocks1 (f32.const 0))
      (local.set $blocks2 (f32.const 0))
      (local.set $blocks3 (f32.const 0))
      (local.set $k (i32.const 0))
      (loop $part
        (local.set $xo (i32.shl (local.get $k) (i32.const 6)))
        (local.set $b (v128.load64_splat offset=2 (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $lo (i8x16.shuffle 0 0 2 2 0 0 2 2 1 1 3 3 1 1 3 3 (local.get $b) (local.get $b)))
        (local.set $hi (i8x16.shuffle 4 4 6 6 4 4 6 6 5 5 7 7 5 5 7 7 (local.get $b) (local.get $b)))
        (local.set $lo (v128.or
          (v128.and (i8x16.eq (v128.and (local.get $lo) (local.get $m0)) (local.get $m0)) (local.get $one))
          (v128.and (i8x16.eq (v128.and (local.get $lo) (local.get $m1)) (local.get $m1)) (local.get $two))))
        (local.set $hi (v128.or
          (v128.and (i8x16.eq (v128.and (local.get $hi) (local.get $m0)) (local.get $m0)) (local.get $one))
          (v128.and (i8x16.eq (v128.and (local.get $hi) (local.get $m1)) (local.get $m1)) (local.get $two))))
        (local.set $blocks0 (f32.add (local.get $blocks0) (f32.mul (f32.load offset=48 (i32.add (local.get $x) (local.get $xo)))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (i32.add (local.get $x) (local.get $xo))) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (i32.add (local.get $x) (local.get $xo))) (local.get $hi)))
            (v128.load offset=32 (i32.add (local.get $x) (local.get $xo))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $blocks1 (f32.add (local.get $blocks1) (f32.mul (f32.load offset=48 (i32.add (local.get $x1) (local.get $xo)))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (i32.add (local.get $x1) (local.get $xo))) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (i32.add (local.get $x1) (local.get $xo))) (local.get $hi)))
            (v128.load offset=32 (i32.add (local.get $x1) (local.get $xo))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $blocks2 (f32.add (local.get $blocks2) (f32.mul (f32.load offset=48 (i32.add (local.get $x2) (local.get $xo)))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (i32.add (local.get $x2) (local.get $xo))) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (i32.add (local.get $x2) (local.get $xo))) (local.get $hi)))
            (v128.load offset=32 (i32.add (local.get $x2) (local.get $xo))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $blocks3 (f32.add (local.get $blocks3) (f32.mul (f32.load offset=48 (i32.add (local.get $x3) (local.get $xo)))
          (f32.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (i32x4.extadd_pairwise_i16x8_s (i16x8.sub
            (i16x8.add (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load (i32.add (local.get $x3) (local.get $xo))) (local.get $lo))
              (i16x8.relaxed_dot_i8x16_i7x16_s (v128.load offset=16 (i32.add (local.get $x3) (local.get $xo))) (local.get $hi)))
            (v128.load offset=32 (i32.add (local.get $x3) (local.get $xo))))))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $part (i32.lt_u (local.get $k) (i32.const 2))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.mul (local.get $dw) (local.get $blocks0))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.mul (local.get $dw) (local.get $blocks1))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.mul (local.get $dw) (local.get $blocks2))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.mul (local.get $dw) (local.get $blocks3))))
      (local.set $w (i32.add (local.get $w) (i32.const 18)))
      (local.set $x (i32.add (local.get $x) (i32.const 128)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 128)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 128)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 128)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; IQ3_S x Q8_K (110-byte blocks of 256: f16 d, qs[64], qh[8], signs[32], scales[4]; see src/quant/iq3_s.ts).
  ;; Sub-block s (32 elements) is 8 grid points of 4 odd magnitudes 1..15, in element order: point i is the
  ;; i32 at grid index qs[8s + i] | (bit i of qh[s]) << 8, in the 512-entry grid the host copies to address
  ;; 262400 (IQ3S_GRID_ADDRESS in kernels.ts). Bit j % 8 of signs[4s + j / 8] makes element j negative and
  ;; moves onto x as Q8_0's weight signs do (masks as Q1_0's).
  ;; The registry (ggml's scalar kernel) sums sumi_s * (1 + 2 sc_s) over the sub-blocks in integers and takes one
  ;; f32 step per block, sumf += f32(d * d_x) * bsum, the product rounded once from the exact double.
  (func $dot1_iq3_s (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $h v128) (local $end i32) (local $s i32) (local $q i32) (local $qh i32) (local $p i32) (local $sg v128)
    (local $mlo v128) (local $mhi v128) (local $nlo v128) (local $nhi v128) (local $masks v128) (local $isum v128)
    (local $sum f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $masks (v128.const i8x16 1 2 1 2 4 8 4 8 16 32 16 32 64 128 64 128))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 110))))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $isum (v128.const i32x4 0 0 0 0))
      (local.set $s (i32.const 0))
      (loop $sub
        (local.set $q (i32.add (i32.add (local.get $w) (i32.const 2)) (i32.shl (local.get $s) (i32.const 3))))
        (local.set $qh (i32.load8_u offset=66 (i32.add (local.get $w) (local.get $s))))
        (local.set $mlo (i32x4.replace_lane 3 (i32x4.replace_lane 2 (i32x4.replace_lane 1
          (i32x4.splat (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=0 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 8)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=1 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 7)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=2 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 6)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=3 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 5)) (i32.const 256))) (i32.const 2)))))
        (local.set $mhi (i32x4.replace_lane 3 (i32x4.replace_lane 2 (i32x4.replace_lane 1
          (i32x4.splat (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=4 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 4)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=5 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 3)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=6 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 2)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=7 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 1)) (i32.const 256))) (i32.const 2)))))
        (local.set $mlo (i8x16.relaxed_swizzle (local.get $mlo) (local.get $order)))
        (local.set $mhi (i8x16.relaxed_swizzle (local.get $mhi) (local.get $order)))
        (local.set $sg (v128.load32_splat offset=74 (i32.add (local.get $w) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $nlo (i8x16.eq (v128.and (i8x16.shuffle 0 0 1 1 0 0 1 1 0 0 1 1 0 0 1 1 (local.get $sg) (local.get $sg))
          (local.get $masks)) (local.get $masks)))
        (local.set $nhi (i8x16.eq (v128.and (i8x16.shuffle 2 2 3 3 2 2 3 3 2 2 3 3 2 2 3 3 (local.get $sg) (local.get $sg))
          (local.get $masks)) (local.get $masks)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $s) (i32.const 5))))
        (local.set $isum (i32x4.add (local.get $isum) (i32x4.mul
          (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=4 (local.get $p)) (local.get $nlo)) (local.get $nlo)) (local.get $mlo))
            (i16x8.relaxed_dot_i8x16_i7x16_s
              (i8x16.sub (v128.xor (v128.load offset=20 (local.get $p)) (local.get $nhi)) (local.get $nhi)) (local.get $mhi))))
          (i32x4.splat (i32.add (i32.const 1) (i32.shl (i32.and (i32.shr_u
            (i32.load8_u offset=106 (i32.add (local.get $w) (i32.shr_u (local.get $s) (i32.const 1))))
            (i32.shl (i32.and (local.get $s) (i32.const 1)) (i32.const 2))) (i32.const 15)) (i32.const 1)))))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br_if $sub (i32.lt_u (local.get $s) (i32.const 8))))
      (local.set $sum (f32.add (local.get $sum) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))) (f32.load (local.get $x))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $w (i32.add (local.get $w) (i32.const 110)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (br $block)))
    (local.get $sum))

  ;; Four tokens: each sub-block's grid points and signs are looked up once for the four.
  (func $dot4_iq3_s (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $h v128) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $end i32) (local $s i32) (local $q i32) (local $qh i32) (local $sg v128) (local $mlo v128) (local $mhi v128)
    (local $nlo v128) (local $nhi v128) (local $masks v128) (local $sc v128) (local $dw f32)
    (local $isum0 v128) (local $sum0 f32) (local $isum1 v128) (local $sum1 f32) (local $isum2 v128) (local $sum2 f32) (local $isum3 v128) (local $sum3 f32)
    (local $order v128)
    (local.set $order (v128.const i8x16 0 1 8 9 2 3 10 11 4 5 12 13 6 7 14 15))
    (local.set $end (i32.add (local.get $w) (i32.mul (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 110))))
    (local.set $masks (v128.const i8x16 1 2 1 2 4 8 4 8 16 32 16 32 64 128 64 128))
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $isum0 (v128.const i32x4 0 0 0 0))
      (local.set $isum1 (v128.const i32x4 0 0 0 0))
      (local.set $isum2 (v128.const i32x4 0 0 0 0))
      (local.set $isum3 (v128.const i32x4 0 0 0 0))
      (local.set $s (i32.const 0))
      (loop $sub
        (local.set $q (i32.add (i32.add (local.get $w) (i32.const 2)) (i32.shl (local.get $s) (i32.const 3))))
        (local.set $qh (i32.load8_u offset=66 (i32.add (local.get $w) (local.get $s))))
        (local.set $mlo (i32x4.replace_lane 3 (i32x4.replace_lane 2 (i32x4.replace_lane 1
          (i32x4.splat (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=0 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 8)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=1 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 7)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=2 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 6)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=3 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 5)) (i32.const 256))) (i32.const 2)))))
        (local.set $mhi (i32x4.replace_lane 3 (i32x4.replace_lane 2 (i32x4.replace_lane 1
          (i32x4.splat (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=4 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 4)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=5 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 3)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=6 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 2)) (i32.const 256))) (i32.const 2))))
          (i32.load offset=262400 (i32.shl (i32.or (i32.load8_u offset=7 (local.get $q))
            (i32.and (i32.shl (local.get $qh) (i32.const 1)) (i32.const 256))) (i32.const 2)))))
        (local.set $mlo (i8x16.relaxed_swizzle (local.get $mlo) (local.get $order)))
        (local.set $mhi (i8x16.relaxed_swizzle (local.get $mhi) (local.get $order)))
        (local.set $sg (v128.load32_splat offset=74 (i32.add (local.get $w) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $nlo (i8x16.eq (v128.and (i8x16.shuffle 0 0 1 1 0 0 1 1 0 0 1 1 0 0 1 1 (local.get $sg) (local.get $sg))
          (local.get $masks)) (local.get $masks)))
        (local.set $nhi (i8x16.eq (v128.and (i8x16.shuffle 2 2 3 3 2 2 3 3 2 2 3 3 2 2 3 3 (local.get $sg) (local.get $sg))
          (local.get $masks)) (local.get $masks)))
        (local.set $sc (i32x4.splat (i32.add (i32.const 1) (i32.shl (i32.and (i32.shr_u
          (i32.load8_u offset=106 (i32.add (local.get $w) (i32.shr_u (local.get $s) (i32.const 1))))
          (i32.shl (i32.and (local.get $s) (i32.const 1)) (i32.const 2))) (i32.const 15)) (i32.const 1)))))
        (local.set $isum0 (i32x4.add (local.get $isum0) (i32x4.mul
          (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.sub (v128.xor
              (v128.load offset=4 (i32.add (local.get $x) (i32.shl (local.get $s) (i32.const 5)))) (local.get $nlo)) (local.get $nlo))
              (local.get $mlo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.sub (v128.xor
              (v128.load offset=20 (i32.add (local.get $x) (i32.shl (local.get $s) (i32.const 5)))) (local.get $nhi)) (local.get $nhi))
              (local.get $mhi))))
          (local.get $sc))))
        (local.set $isum1 (i32x4.add (local.get $isum1) (i32x4.mul
          (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.sub (v128.xor
              (v128.load offset=4 (i32.add (local.get $x1) (i32.shl (local.get $s) (i32.const 5)))) (local.get $nlo)) (local.get $nlo))
              (local.get $mlo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.sub (v128.xor
              (v128.load offset=20 (i32.add (local.get $x1) (i32.shl (local.get $s) (i32.const 5)))) (local.get $nhi)) (local.get $nhi))
              (local.get $mhi))))
          (local.get $sc))))
        (local.set $isum2 (i32x4.add (local.get $isum2) (i32x4.mul
          (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.sub (v128.xor
              (v128.load offset=4 (i32.add (local.get $x2) (i32.shl (local.get $s) (i32.const 5)))) (local.get $nlo)) (local.get $nlo))
              (local.get $mlo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.sub (v128.xor
              (v128.load offset=20 (i32.add (local.get $x2) (i32.shl (local.get $s) (i32.const 5)))) (local.get $nhi)) (local.get $nhi))
              (local.get $mhi))))
          (local.get $sc))))
        (local.set $isum3 (i32x4.add (local.get $isum3) (i32x4.mul
          (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.sub (v128.xor
              (v128.load offset=4 (i32.add (local.get $x3) (i32.shl (local.get $s) (i32.const 5)))) (local.get $nlo)) (local.get $nlo))
              (local.get $mlo))
            (i16x8.relaxed_dot_i8x16_i7x16_s (i8x16.sub (v128.xor
              (v128.load offset=20 (i32.add (local.get $x3) (i32.shl (local.get $s) (i32.const 5)))) (local.get $nhi)) (local.get $nhi))
              (local.get $mhi))))
          (local.get $sc))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br_if $sub (i32.lt_u (local.get $s) (i32.const 8))))
      (local.set $dw (f32.load offset=256 (i32.shl (i32.load16_u (local.get $w)) (i32.const 2))))
      (local.set $sum0 (f32.add (local.get $sum0) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (local.get $dw) (f32.load (local.get $x))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum0))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $sum1 (f32.add (local.get $sum1) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (local.get $dw) (f32.load (local.get $x1))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $sum2 (f32.add (local.get $sum2) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (local.get $dw) (f32.load (local.get $x2))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum2))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $sum3 (f32.add (local.get $sum3) (f32.demote_f64 (f64.mul
        (f64.promote_f32 (f32.mul (local.get $dw) (f32.load (local.get $x3))))
        (f64.convert_i32_s (i32.add (i32x4.extract_lane 0 (local.tee $h (i32x4.add (local.tee $h (local.get $isum3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $h) (local.get $h))))) (i32x4.extract_lane 1 (local.get $h))))))))
      (local.set $w (i32.add (local.get $w) (i32.const 110)))
      (local.set $x (i32.add (local.get $x) (i32.const 292)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 292)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 292)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 292)))
      (br $block)))
    (local.get $sum0)
    (local.get $sum1)
    (local.get $sum2)
    (local.get $sum3))

  ;; BF16 x bf16-rounded f32 activations. The registry's vecDot adds the products in f64 one element after
  ;; another: each product of two bf16 values is exact in f64, but every addition rounds, so that order is the
  ;; result and there are no lanes to split it into. This kernel is that scalar loop in wasm; the four-token
  ;; kernel shares each weight load between four such sums.
  (func $dot1_bf16 (type $dot1) (param $w i32) (param $x i32) (param $n i32) (result f32)
    (local $end i32) (local $sum f64)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 1))))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $sum (f64.add (local.get $sum) (f64.mul
        (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (i32.load16_u (local.get $w)) (i32.const 16))))
        (f64.promote_f32 (f32.load (local.get $x))))))
      (local.set $w (i32.add (local.get $w) (i32.const 2)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (br $step)))
    (f32.demote_f64 (local.get $sum)))

  (func $dot4_bf16 (type $dot4) (param $w i32) (param $x i32) (param $stride i32) (param $n i32)
    (result f32 f32 f32 f32)
    (local $end i32) (local $wv f64) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local.set $x1 (i32.add (local.get $x) (local.get $stride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 1))))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $wv (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (i32.load16_u (local.get $w)) (i32.const 16)))))
      (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $wv) (f64.promote_f32 (f32.load (local.get $x))))))
      (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $wv) (f64.promote_f32 (f32.load (local.get $x1))))))
      (local.set $s2 (f64.add (local.get $s2) (f64.mul (local.get $wv) (f64.promote_f32 (f32.load (local.get $x2))))))
      (local.set $s3 (f64.add (local.get $s3) (f64.mul (local.get $wv) (f64.promote_f32 (f32.load (local.get $x3))))))
      (local.set $w (i32.add (local.get $w) (i32.const 2)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 4)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 4)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 4)))
      (br $step)))
    (f32.demote_f64 (local.get $s0))
    (f32.demote_f64 (local.get $s1))
    (f32.demote_f64 (local.get $s2))
    (f32.demote_f64 (local.get $s3)))

  ;; out[t * outStride + r] = v (+ bias[r] when there is a bias).
  (func $store (param $out i32) (param $outStride i32) (param $t i32) (param $r i32) (param $v f32) (param $bias i32)
    (if (local.get $bias)
      (then (local.set $v (f32.add (local.get $v) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $r) (i32.const 2))))))))
    (f32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $t) (local.get $outStride)) (local.get $r)) (i32.const 2)))
      (local.get $v)))

  ;; The matrix product: out[t * outStride + r] = W[r] . x[t] (+ bias[r]) for rows r0 <= r < r1 and tokens
  ;; t < nTok. $w points at row 0 of this product, $x at the prepared activations (row t at x + t * xStride),
  ;; $bias is 0 when there is none. Each thread runs its own row range, in chunks of 16 rows. Within a chunk,
  ;; tiles of four tokens meet every row ($dot4_*: each weight block decoded once per tile, and the chunk's
  ;; weights stay in cache while the tiles pass); the tokens left over (the only one, when decoding) meet the
  ;; rows one at a time. Decoding streams each row from memory front to back: reading four rows side by side
  ;; shares the activation loads but defeats the hardware prefetcher, and was 1.5x slower once the weights no
  ;; longer fit in cache. The indirect calls are per row or tile, not per block.
  (func (export "matmul") (param $kind i32) (param $w i32) (param $rowBytes i32) (param $r0 i32) (param $r1 i32)
    (param $x i32) (param $xStride i32) (param $nTok i32) (param $out i32) (param $outStride i32)
    (param $bias i32) (param $cols i32)
    (local $chunkEnd i32) (local $r i32) (local $t i32) (local $xt i32)
    (local $v0 f32) (local $v1 f32) (local $v2 f32) (local $v3 f32)
    (block $chunksDone (loop $chunks
      (br_if $chunksDone (i32.ge_u (local.get $r0) (local.get $r1)))
      (local.set $chunkEnd (select (local.get $r1) (i32.add (local.get $r0) (i32.const 16))
        (i32.lt_u (i32.sub (local.get $r1) (local.get $r0)) (i32.const 16))))
      (local.set $t (i32.const 0))
      (block $tilesDone (loop $tiles
        (br_if $tilesDone (i32.gt_u (i32.add (local.get $t) (i32.const 4)) (local.get $nTok)))
        (local.set $xt (i32.add (local.get $x) (i32.mul (local.get $t) (local.get $xStride))))
        (local.set $r (local.get $r0))
        (loop $rows
          (call_indirect $dot4 (type $dot4) (i32.add (local.get $w) (i32.mul (local.get $r) (local.get $rowBytes)))
            (local.get $xt) (local.get $xStride) (local.get $cols) (local.get $kind))
          (local.set $v3) (local.set $v2) (local.set $v1) (local.set $v0)
          (call $store (local.get $out) (local.get $outStride) (local.get $t) (local.get $r) (local.get $v0) (local.get $bias))
          (call $store (local.get $out) (local.get $outStride) (i32.add (local.get $t) (i32.const 1)) (local.get $r)
            (local.get $v1) (local.get $bias))
          (call $store (local.get $out) (local.get $outStride) (i32.add (local.get $t) (i32.const 2)) (local.get $r)
            (local.get $v2) (local.get $bias))
          (call $store (local.get $out) (local.get $outStride) (i32.add (local.get $t) (i32.const 3)) (local.get $r)
            (local.get $v3) (local.get $bias))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rows (i32.lt_u (local.get $r) (local.get $chunkEnd))))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $tiles)))
      (block $tokensDone (loop $tokens
        (br_if $tokensDone (i32.ge_u (local.get $t) (local.get $nTok)))
        (local.set $xt (i32.add (local.get $x) (i32.mul (local.get $t) (local.get $xStride))))
        (local.set $r (local.get $r0))
        (block $onesDone (loop $rowOnes
          (br_if $onesDone (i32.ge_u (local.get $r) (local.get $chunkEnd)))
          (call $store (local.get $out) (local.get $outStride) (local.get $t) (local.get $r)
            (call_indirect $dot1 (type $dot1) (i32.add (local.get $w) (i32.mul (local.get $r) (local.get $rowBytes)))
              (local.get $xt) (local.get $cols) (local.get $kind))
            (local.get $bias))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $rowOnes)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tokens)))
      (local.set $r0 (local.get $chunkEnd))
      (br $chunks))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Normalization and position encoding
  ;; ---------------------------------------------------------------------------------------------------------

  ;; RMSNorm of $n rows of $cols: out = (x * (1 / sqrt(mean(x^2) + eps))) * weight. The squares are f32
  ;; products summed in f64 (ggml_float); the scale is applied before the weight, as two f32 roundings.
  (func (export "rms_norm") (param $out i32) (param $x i32) (param $weight i32) (param $n i32) (param $cols i32)
    (param $eps f32)
    (local $row i32) (local $i i32) (local $end4 i32) (local $rowBytes i32) (local $sq v128)
    (local $s0 v128) (local $s1 v128) (local $sum f64) (local $scale f32) (local $scaleV v128)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $end4 (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $n)))
      (local.set $s0 (v128.const f64x2 0 0))
      (local.set $s1 (v128.const f64x2 0 0))
      (local.set $i (i32.const 0))
      (block $done (loop $vec
        (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $sq (v128.load (i32.add (local.get $x) (local.get $i))))
        (local.set $sq (f32x4.mul (local.get $sq) (local.get $sq)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.promote_low_f32x4 (local.get $sq))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $sq) (local.get $sq)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
      (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
      (block $done (loop $scalar
        (br_if $done (i32.ge_u (local.get $i) (local.get $rowBytes)))
        (local.set $sum (f64.add (local.get $sum) (f64.promote_f32
          (f32.mul (f32.load (i32.add (local.get $x) (local.get $i))) (f32.load (i32.add (local.get $x) (local.get $i)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $scalar)))
      (local.set $scale (f32.div (f32.const 1) (f32.sqrt (f32.add
        (f32.demote_f64 (f64.div (local.get $sum) (f64.convert_i32_u (local.get $cols)))) (local.get $eps)))))
      (local.set $scaleV (f32x4.splat (local.get $scale)))
      (local.set $i (i32.const 0))
      (block $done (loop $vec
        (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (f32x4.mul (f32x4.mul (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $scaleV))
            (v128.load (i32.add (local.get $weight) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
      (block $done (loop $scalar
        (br_if $done (i32.ge_u (local.get $i) (local.get $rowBytes)))
        (f32.store (i32.add (local.get $out) (local.get $i))
          (f32.mul (f32.mul (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $scale))
            (f32.load (i32.add (local.get $weight) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $scalar)))
      (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
      (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rows))))

  ;; RoPE, in place, on $n rows of $nHeads heads of $headDim; the first $dims of each head rotate.
  ;; The host writes, per row, a table of 2 * $dims f32: C then S, indexed by element, so that for a rotated
  ;; pair (i0, i1) y[i0] = x[i0] C[i0] + x[i1] S[i0] and y[i1] = x[i1] C[i1] + x[i0] S[i1]
  ;; (C = cos, S = -sin at i0 and +sin at i1). Pairs are (2k, 2k+1) for "norm" and (k, k + dims/2) for "neox".
  (func (export "rope") (param $x i32) (param $n i32) (param $nHeads i32) (param $headDim i32) (param $dims i32)
    (param $table i32) (param $neox i32)
    (local $row i32) (local $h i32) (local $head i32) (local $c i32) (local $s i32) (local $half i32)
    (local $k i32) (local $kVec i32) (local $i0 i32) (local $i1 i32) (local $x0 f32) (local $x1 f32)
    (local $a v128) (local $b v128)
    (local.set $half (i32.shr_u (local.get $dims) (i32.const 1)))
    ;; pairs handled 4 floats at a time: norm takes 2 pairs per vector, neox 4 pairs (one vector per half)
    (local.set $kVec (select (i32.and (local.get $half) (i32.const -4)) (i32.and (local.get $half) (i32.const -2))
      (local.get $neox)))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $n)))
      (local.set $c (i32.add (local.get $table) (i32.shl (i32.mul (local.get $row) (local.get $dims)) (i32.const 3))))
      (local.set $s (i32.add (local.get $c) (i32.shl (local.get $dims) (i32.const 2))))
      (local.set $h (i32.const 0))
      (block $headsDone (loop $heads
        (br_if $headsDone (i32.ge_u (local.get $h) (local.get $nHeads)))
        (local.set $head (i32.add (local.get $x)
          (i32.shl (i32.mul (i32.add (i32.mul (local.get $row) (local.get $nHeads)) (local.get $h)) (local.get $headDim))
            (i32.const 2))))
        (local.set $k (i32.const 0))
        (if (local.get $neox)
          (then
            (block $done (loop $vec
              (br_if $done (i32.ge_u (local.get $k) (local.get $kVec)))
              (local.set $i0 (i32.shl (local.get $k) (i32.const 2)))
              (local.set $i1 (i32.shl (i32.add (local.get $k) (local.get $half)) (i32.const 2)))
              (local.set $a (v128.load (i32.add (local.get $head) (local.get $i0))))
              (local.set $b (v128.load (i32.add (local.get $head) (local.get $i1))))
              (v128.store (i32.add (local.get $head) (local.get $i0))
                (f32x4.add (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $c) (local.get $i0))))
                  (f32x4.mul (local.get $b) (v128.load (i32.add (local.get $s) (local.get $i0))))))
              (v128.store (i32.add (local.get $head) (local.get $i1))
                (f32x4.add (f32x4.mul (local.get $b) (v128.load (i32.add (local.get $c) (local.get $i1))))
                  (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $s) (local.get $i1))))))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $vec))))
          (else
            (block $done (loop $vec
              (br_if $done (i32.ge_u (local.get $k) (local.get $kVec)))
              (local.set $i0 (i32.shl (local.get $k) (i32.const 3)))
              (local.set $a (v128.load (i32.add (local.get $head) (local.get $i0))))
              ;; partner of each element: swap neighbours
              (v128.store (i32.add (local.get $head) (local.get $i0))
                (f32x4.add (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $c) (local.get $i0))))
                  (f32x4.mul (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $a) (local.get $a))
                    (v128.load (i32.add (local.get $s) (local.get $i0))))))
              (local.set $k (i32.add (local.get $k) (i32.const 2)))
              (br $vec)))))
        ;; remaining pairs one at a time
        (block $done (loop $pairs
          (br_if $done (i32.ge_u (local.get $k) (local.get $half)))
          (local.set $i0 (i32.shl (select (local.get $k) (i32.shl (local.get $k) (i32.const 1)) (local.get $neox)) (i32.const 2)))
          (local.set $i1 (select (i32.shl (i32.add (local.get $k) (local.get $half)) (i32.const 2))
            (i32.add (local.get $i0) (i32.const 4)) (local.get $neox)))
          (local.set $x0 (f32.load (i32.add (local.get $head) (local.get $i0))))
          (local.set $x1 (f32.load (i32.add (local.get $head) (local.get $i1))))
          (f32.store (i32.add (local.get $head) (local.get $i0))
            (f32.add (f32.mul (local.get $x0) (f32.load (i32.add (local.get $c) (local.get $i0))))
              (f32.mul (local.get $x1) (f32.load (i32.add (local.get $s) (local.get $i0))))))
          (f32.store (i32.add (local.get $head) (local.get $i1))
            (f32.add (f32.mul (local.get $x1) (f32.load (i32.add (local.get $c) (local.get $i1))))
              (f32.mul (local.get $x0) (f32.load (i32.add (local.get $s) (local.get $i1))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $pairs)))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $heads)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rows))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Attention
  ;; ---------------------------------------------------------------------------------------------------------

  ;; Causal attention for query heads $h0 <= h < $h1 of $n query rows at positions pos0.. over a layer's f32
  ;; K and V caches (row p of each at p * kvDim floats). Query head h reads KV head h / (nHead / nHeadKv).
  ;; Per query: s_p = f32(f32(q . k_p) * scale), soft-capped as f32(cap * f32(tanh(s_p / cap))) when $softcap > 0,
  ;; softmax e_p = f32(exp(s_p - max)) over an f64 sum, weights f32(e_p * f32(1 / sum)), and
  ;; out = sum_p weight_p v_p. Dot products, exp and the weighted sum run in f64 (two lanes at a time): llama.cpp's
  ;; f32 sums are more accurate than one sequential f32 sum, and matching them to ~1 ulp is what keeps later
  ;; activation rounding from flipping. $scratch is this thread's: headDim f64 accumulators, then one f32 score
  ;; per visible position. $headDim is a multiple of 4 (checked by the host). The f64 scale and soft-cap are
  ;; read from memory at $consts (two f64): passed as arguments from JavaScript, each call would box them.
  (func (export "attention") (param $q i32) (param $k i32) (param $v i32) (param $out i32) (param $scratch i32)
    (param $n i32) (param $pos0 i32) (param $nHead i32) (param $nHeadKv i32) (param $headDim i32)
    (param $consts i32) (param $window i32) (param $h0 i32) (param $h1 i32)
    (local $scale f64) (local $softcap f64) (local $h i32) (local $i i32) (local $p i32) (local $first i32) (local $count i32) (local $kvBytes i32)
    (local $kvOff i32) (local $qRow i32) (local $oRow i32) (local $d i32) (local $hdBytes i32) (local $scores i32)
    (local $s f32) (local $max f32) (local $sum f64) (local $inv f32) (local $e v128) (local $wv v128)
    (local $vRow i32) (local $end2 i32) (local $acc i32)
    (local.set $scale (f64.load (local.get $consts)))
    (local.set $softcap (f64.load offset=8 (local.get $consts)))
    (local.set $hdBytes (i32.shl (local.get $headDim) (i32.const 2)))
    (local.set $kvBytes (i32.mul (local.get $nHeadKv) (local.get $hdBytes)))
    (local.set $acc (local.get $scratch))
    (local.set $scores (i32.add (local.get $scratch) (i32.shl (local.get $headDim) (i32.const 3))))
    (local.set $h (local.get $h0))
    (block $headsDone (loop $heads
      (br_if $headsDone (i32.ge_u (local.get $h) (local.get $h1)))
      (local.set $kvOff (i32.mul (i32.div_u (local.get $h) (i32.div_u (local.get $nHead) (local.get $nHeadKv)))
        (local.get $hdBytes)))
      (local.set $i (i32.const 0))
      (block $queriesDone (loop $queries
        (br_if $queriesDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $qRow (i32.add (local.get $q)
          (i32.mul (i32.add (i32.mul (local.get $i) (local.get $nHead)) (local.get $h)) (local.get $hdBytes))))
        (local.set $oRow (i32.add (local.get $out) (i32.sub (local.get $qRow) (local.get $q))))
        ;; visible positions: first..pos0+i (the window keeps the last $window of them)
        (local.set $first (i32.const 0))
        (if (i32.and (i32.ne (local.get $window) (i32.const 0))
              (i32.gt_u (i32.add (i32.add (local.get $pos0) (local.get $i)) (i32.const 1)) (local.get $window)))
          (then (local.set $first (i32.sub (i32.add (i32.add (local.get $pos0) (local.get $i)) (i32.const 1)) (local.get $window)))))
        (local.set $count (i32.sub (i32.add (i32.add (local.get $pos0) (local.get $i)) (i32.const 1)) (local.get $first)))
        ;; scores and their maximum
        (local.set $max (f32.const -inf))
        (local.set $p (i32.const 0))
        (block $done (loop $score
          (br_if $done (i32.ge_u (local.get $p) (local.get $count)))
          (local.set $s (f32.demote_f64 (call $dot_f32_f64 (local.get $qRow)
            (i32.add (local.get $k) (i32.add (i32.mul (i32.add (local.get $first) (local.get $p)) (local.get $kvBytes)) (local.get $kvOff)))
            (local.get $headDim))))
          (local.set $s (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s)) (local.get $scale))))
          (if (f64.gt (local.get $softcap) (f64.const 0))
            (then (local.set $s (f32.demote_f64 (f64.mul (local.get $softcap) (f64.promote_f32 (f32.demote_f64
              (f64x2.extract_lane 0 (call $tanh_f64x2 (f64x2.splat
                (f64.div (f64.promote_f32 (local.get $s)) (local.get $softcap))))))))))))
          (f32.store (i32.add (local.get $scores) (i32.shl (local.get $p) (i32.const 2))) (local.get $s))
          (local.set $max (f32.max (local.get $max) (local.get $s)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $score)))
        ;; e_p = f32(exp(s_p - max)), two at a time; their sum in f64
        (local.set $sum (f64.const 0))
        (local.set $end2 (i32.and (local.get $count) (i32.const -2)))
        (local.set $p (i32.const 0))
        (block $done (loop $exp
          (br_if $done (i32.ge_u (local.get $p) (local.get $end2)))
          (local.set $e (f32x4.demote_f64x2_zero (call $exp_f64x2 (f64x2.sub
            (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $scores) (i32.shl (local.get $p) (i32.const 2)))))
            (f64x2.splat (f64.promote_f32 (local.get $max)))))))
          (v128.store64_lane 0 (i32.add (local.get $scores) (i32.shl (local.get $p) (i32.const 2))) (local.get $e))
          (local.set $sum (f64.add (f64.add (local.get $sum) (f64.promote_f32 (f32x4.extract_lane 0 (local.get $e))))
            (f64.promote_f32 (f32x4.extract_lane 1 (local.get $e)))))
          (local.set $p (i32.add (local.get $p) (i32.const 2)))
          (br $exp)))
        (if (i32.lt_u (local.get $p) (local.get $count))
          (then
            (local.set $s (f32.demote_f64 (f64x2.extract_lane 0 (call $exp_f64x2 (f64x2.splat (f64.sub
              (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $p) (i32.const 2)))))
              (f64.promote_f32 (local.get $max))))))))
            (f32.store (i32.add (local.get $scores) (i32.shl (local.get $p) (i32.const 2))) (local.get $s))
            (local.set $sum (f64.add (local.get $sum) (f64.promote_f32 (local.get $s))))))
        (local.set $inv (f32.demote_f64 (f64.div (f64.const 1) (local.get $sum))))
        ;; acc = sum_p f32(e_p * inv) v_p in f64, two dimensions per step
        (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $headDim) (i32.const 3)))
        (local.set $p (i32.const 0))
        (block $done (loop $mix
          (br_if $done (i32.ge_u (local.get $p) (local.get $count)))
          (local.set $wv (f64x2.splat (f64.promote_f32 (f32.mul (local.get $inv)
            (f32.load (i32.add (local.get $scores) (i32.shl (local.get $p) (i32.const 2))))))))
          (local.set $vRow (i32.add (local.get $v)
            (i32.add (i32.mul (i32.add (local.get $first) (local.get $p)) (local.get $kvBytes)) (local.get $kvOff))))
          (local.set $d (i32.const 0))
          (block $dimsDone (loop $dims
            (br_if $dimsDone (i32.ge_u (local.get $d) (local.get $hdBytes)))
            (v128.store (i32.add (local.get $acc) (i32.shl (local.get $d) (i32.const 1)))
              (f64x2.add (v128.load (i32.add (local.get $acc) (i32.shl (local.get $d) (i32.const 1))))
                (f64x2.mul (local.get $wv) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $vRow) (local.get $d)))))))
            (local.set $d (i32.add (local.get $d) (i32.const 8)))
            (br $dims)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $mix)))
        (local.set $d (i32.const 0))
        (block $done (loop $store
          (br_if $done (i32.ge_u (local.get $d) (local.get $hdBytes)))
          (v128.store64_lane 0 (i32.add (local.get $oRow) (local.get $d))
            (f32x4.demote_f64x2_zero (v128.load (i32.add (local.get $acc) (i32.shl (local.get $d) (i32.const 1))))))
          (local.set $d (i32.add (local.get $d) (i32.const 8)))
          (br $store)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $queries)))
      (local.set $h (i32.add (local.get $h) (i32.const 1)))
      (br $heads))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Element-wise operations: 4 lanes at a time; the last n % 4 elements go through the same vector function
  ;; one lane at a time, so there is one definition of each activation
  ;; ---------------------------------------------------------------------------------------------------------

  ;; silu(x) = x / (1 + e^-x)
  (func $silu_f32x4 (param $x v128) (result v128)
    (f32x4.div (local.get $x)
      (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp_f32x4 (f32x4.neg (local.get $x))))))

  ;; ggml's GELU: x <= -10 gives 0, x >= 10 gives x, otherwise the f16 table entry at f16(x). $table holds
  ;; 65536 f32 (the f16 table values widened), indexed by f16 bits; wasm has no gather, so four lane loads.
  (func $gelu_f32x4 (param $x v128) (param $table i32) (result v128)
    (local $idx v128) (local $t v128)
    (local.set $idx (i32x4.add (i32x4.shl (call $f32x4_to_f16x4 (local.get $x)) (i32.const 2)) (i32x4.splat (local.get $table))))
    (local.set $t (f32x4.splat (f32.load (i32x4.extract_lane 0 (local.get $idx)))))
    (local.set $t (f32x4.replace_lane 1 (local.get $t) (f32.load (i32x4.extract_lane 1 (local.get $idx)))))
    (local.set $t (f32x4.replace_lane 2 (local.get $t) (f32.load (i32x4.extract_lane 2 (local.get $idx)))))
    (local.set $t (f32x4.replace_lane 3 (local.get $t) (f32.load (i32x4.extract_lane 3 (local.get $idx)))))
    (v128.andnot
      (v128.bitselect (local.get $x) (local.get $t) (f32x4.ge (local.get $x) (v128.const f32x4 10 10 10 10)))
      (f32x4.le (local.get $x) (v128.const f32x4 -10 -10 -10 -10))))

  ;; out = silu(gate) * up over $n elements.
  (func (export "swiglu") (param $out i32) (param $gate i32) (param $up i32) (param $n i32)
    (local $i i32) (local $end4 i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $bytes) (i32.const -16)))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (v128.store (i32.add (local.get $out) (local.get $i))
        (f32x4.mul (call $silu_f32x4 (v128.load (i32.add (local.get $gate) (local.get $i))))
          (v128.load (i32.add (local.get $up) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vec)))
    (block $done (loop $scalar
      (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
      (f32.store (i32.add (local.get $out) (local.get $i))
        (f32.mul (f32x4.extract_lane 0 (call $silu_f32x4 (f32x4.splat (f32.load (i32.add (local.get $gate) (local.get $i))))))
          (f32.load (i32.add (local.get $up) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $scalar))))

  ;; out = gelu(gate) * up over $n elements, with the f16 GELU table at $table.
  (func (export "geglu") (param $out i32) (param $gate i32) (param $up i32) (param $n i32) (param $table i32)
    (local $i i32) (local $end4 i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $bytes) (i32.const -16)))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (v128.store (i32.add (local.get $out) (local.get $i))
        (f32x4.mul (call $gelu_f32x4 (v128.load (i32.add (local.get $gate) (local.get $i))) (local.get $table))
          (v128.load (i32.add (local.get $up) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vec)))
    (block $done (loop $scalar
      (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
      (f32.store (i32.add (local.get $out) (local.get $i))
        (f32.mul (f32x4.extract_lane 0 (call $gelu_f32x4 (f32x4.splat (f32.load (i32.add (local.get $gate) (local.get $i))))
          (local.get $table)))
          (f32.load (i32.add (local.get $up) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $scalar))))

  ;; out = a + b over $n elements.
  (func (export "add") (param $out i32) (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $end4 i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $bytes) (i32.const -16)))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (v128.store (i32.add (local.get $out) (local.get $i))
        (f32x4.add (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vec)))
    (block $done (loop $scalar
      (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
      (f32.store (i32.add (local.get $out) (local.get $i))
        (f32.add (f32.load (i32.add (local.get $a) (local.get $i))) (f32.load (i32.add (local.get $b) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $scalar))))

  ;; x *= factor over $n elements.
  (func (export "scale") (param $x i32) (param $factor f32) (param $n i32)
    (local $i i32) (local $end4 i32) (local $bytes i32) (local $f v128)
    (local.set $f (f32x4.splat (local.get $factor)))
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $bytes) (i32.const -16)))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (v128.store (i32.add (local.get $x) (local.get $i)) (f32x4.mul (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $f)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vec)))
    (block $done (loop $scalar
      (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
      (f32.store (i32.add (local.get $x) (local.get $i)) (f32.mul (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $factor)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $scalar))))

  ;; x = tanh(x * f32(1 / cap)) * cap over $n elements (ggml: scale by 1/cap, tanh, scale by cap); two lanes
  ;; at a time through the f64 tanh.
  (func (export "softcap") (param $x i32) (param $cap f32) (param $n i32)
    (local $i i32) (local $end2 i32) (local $bytes i32) (local $inv f32) (local $v v128)
    (local.set $inv (f32.div (f32.const 1) (local.get $cap)))
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end2 (i32.and (local.get $bytes) (i32.const -8)))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end2)))
      (local.set $v (f32x4.demote_f64x2_zero (call $tanh_f64x2 (f64x2.promote_low_f32x4
        (f32x4.mul (v128.load64_zero (i32.add (local.get $x) (local.get $i))) (f32x4.splat (local.get $inv)))))))
      (v128.store64_lane 0 (i32.add (local.get $x) (local.get $i)) (f32x4.mul (local.get $v) (f32x4.splat (local.get $cap))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br $vec)))
    (if (i32.lt_u (local.get $i) (local.get $bytes))
      (then (f32.store (i32.add (local.get $x) (local.get $i))
        (f32.mul (call $tanh_f32 (f32.mul (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $inv))) (local.get $cap))))))
)
