;; ruvllm-ts CPU kernels: WebAssembly SIMD (128-bit) over one shared linear memory.
;;
;; Every pointer is a byte offset into the imported shared memory; the TypeScript host (backends/cpu/mod.ts)
;; owns the layout. Pointers can exceed 2^31, so they are compared with unsigned instructions only.
;;
;; Numerics follow ggml's x86 CPU backend:
;; - `linear` rounds its input activations to the weight's vec_dot_type first (quantize_q8_0, quantize_q8_k,
;;   round_f16), then takes integer dot products per block (i32x4.dot_i16x8_s) scaled by the block scales.
;; - Row sums of squares (rms_norm) and softmax denominators accumulate in f64, as ggml's ggml_float does.
;; - exp is ggml_v_expf's polynomial (a ~1 ulp f32 exp) without FMA; SiLU and softmax use it.
;; - GELU is ggml's f16 table lookup: the host fills the table, gelu_mul looks it up.
;;
;; Layouts of the activation formats written here are ggml's own block layouts:
;; - Q8_0: 34-byte blocks of 32: f16 d, then 32 int8 q.
;; - Q8_K: 292-byte blocks of 256: f32 d, 256 int8 q, 16 int16 sums of 16 q each.
;; - "F16": f32 values already rounded to f16 (4 bytes each), so the F16 dot product converts only the weight.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Signature shared by every dot product: weight row, activation row, number of elements.
  (type $dot (func (param i32 i32 i32) (result f32)))

  ;; Dot-product kernels by kind id; backends/cpu/kernels.ts holds the same table (type -> kind).
  (table 5 funcref)
  (elem (i32.const 0) $dot_f32 $dot_f16 $dot_q8_0 $dot_q4_0 $dot_q4_k)

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

  ;; Dot product of 16 int8 pairs into four i32 partial sums. The int8 products are widened to int16
  ;; (|a*b| <= 128*127 because activations stay within +-127, so two of them still fit in int16), and
  ;; i32x4.dot_i16x8_s against ones adds neighbouring pairs into int32.
  (func $dot_i8x16 (param $a v128) (param $b v128) (result v128)
    (i32x4.dot_i16x8_s
      (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $a) (local.get $b))
        (i16x8.extmul_high_i8x16_s (local.get $a) (local.get $b)))
      (v128.const i16x8 1 1 1 1 1 1 1 1)))

  ;; e^x for four lanes: ggml_v_expf's range reduction x = n ln2 + b and degree-5 polynomial, with mul+add in
  ;; place of FMA. Inputs are clamped to [-87, 88] so that 2^n stays a normal float (softmax and SiLU only
  ;; need e^x to underflow towards 0 or overflow towards a huge value there, which the clamp preserves).
  (func $exp_f32x4 (param $x v128) (result v128)
    (local $z v128) (local $n v128) (local $b v128) (local $u v128) (local $k v128) (local $j v128)
    (local.set $x (f32x4.pmax (f32x4.pmin (local.get $x) (v128.const f32x4 88 88 88 88))
      (v128.const f32x4 -87 -87 -87 -87)))
    ;; z = x log2(e) + 1.5 * 2^23 puts round(x log2(e)) in z's low mantissa bits
    (local.set $z (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 0x1.715476p+0 0x1.715476p+0 0x1.715476p+0 0x1.715476p+0))
      (v128.const f32x4 0x1.8p23 0x1.8p23 0x1.8p23 0x1.8p23)))
    (local.set $n (f32x4.sub (local.get $z) (v128.const f32x4 0x1.8p23 0x1.8p23 0x1.8p23 0x1.8p23)))
    ;; b = x - n ln2, with ln2 split in two parts for precision
    (local.set $b (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0x1.62e4p-1 0x1.62e4p-1 0x1.62e4p-1 0x1.62e4p-1)))
      (f32x4.mul (local.get $n) (v128.const f32x4 0x1.7f7d1cp-20 0x1.7f7d1cp-20 0x1.7f7d1cp-20 0x1.7f7d1cp-20))))
    ;; k = 2^n, built by moving n into the exponent field of 1.0
    (local.set $k (i32x4.add (i32x4.shl (local.get $z) (i32.const 23))
      (v128.const f32x4 1 1 1 1)))
    (local.set $u (f32x4.mul (local.get $b) (local.get $b)))
    (local.set $j (f32x4.add
      (f32x4.mul
        (f32x4.add
          (f32x4.mul
            (f32x4.add (f32x4.mul (v128.const f32x4 0x1.0e4020p-7 0x1.0e4020p-7 0x1.0e4020p-7 0x1.0e4020p-7) (local.get $b))
              (v128.const f32x4 0x1.573e2ep-5 0x1.573e2ep-5 0x1.573e2ep-5 0x1.573e2ep-5))
            (local.get $u))
          (f32x4.add (f32x4.mul (v128.const f32x4 0x1.555e66p-3 0x1.555e66p-3 0x1.555e66p-3 0x1.555e66p-3) (local.get $b))
            (v128.const f32x4 0x1.fffdb6p-2 0x1.fffdb6p-2 0x1.fffdb6p-2 0x1.fffdb6p-2)))
        (local.get $u))
      (f32x4.mul (v128.const f32x4 0x1.ffffecp-1 0x1.ffffecp-1 0x1.ffffecp-1 0x1.ffffecp-1) (local.get $b))))
    ;; e^x = 2^n (1 + j)
    (f32x4.add (f32x4.mul (local.get $j) (local.get $k)) (local.get $k)))

  ;; tanh(x) = sign(x) (1 - 2 / (e^(2|x|) + 1)); absolute error ~1e-7, which is what soft-capping needs.
  (func $tanh_f32x4 (param $x v128) (result v128)
    (local $t v128)
    (local.set $t (f32x4.sub (v128.const f32x4 1 1 1 1)
      (f32x4.div (v128.const f32x4 2 2 2 2)
        (f32x4.add (call $exp_f32x4 (f32x4.mul (f32x4.abs (local.get $x)) (v128.const f32x4 2 2 2 2)))
          (v128.const f32x4 1 1 1 1)))))
    (v128.or (local.get $t) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Activation rounding (the vec_dot_type conversions)
  ;; ---------------------------------------------------------------------------------------------------------

  ;; Q8_0 activations (ggml's AVX2 quantize_row_q8_0): per block of 32, amax = max |x|, d = amax / 127 stored as
  ;; f16, q = round-half-even(x * (127 / amax)) computed in f32. $n is a multiple of 32.
  (func (export "quantize_q8_0") (param $x i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $i i32) (local $max v128) (local $amax f32) (local $id v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
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
      (i32.store16 (local.get $dst) (call $f32_to_f16 (f32.div (local.get $amax) (f32.const 127))))
      (local.set $id (f32x4.splat
        (select (f32.div (f32.const 127) (local.get $amax)) (f32.const 0) (f32.ne (local.get $amax) (f32.const 0)))))
      ;; two rounds of 16: four f32x4 -> i32x4 -> two i16x8 -> one i8x16
      (local.set $i (i32.const 0))
      (loop $round
        (local.set $q0 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load (local.get $x)) (local.get $id)))))
        (local.set $q1 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=16 (local.get $x)) (local.get $id)))))
        (local.set $q2 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=32 (local.get $x)) (local.get $id)))))
        (local.set $q3 (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load offset=48 (local.get $x)) (local.get $id)))))
        (v128.store offset=2 (i32.add (local.get $dst) (local.get $i))
          (i8x16.narrow_i16x8_s (i16x8.narrow_i32x4_s (local.get $q0) (local.get $q1))
            (i16x8.narrow_i32x4_s (local.get $q2) (local.get $q3))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $round (i32.lt_u (local.get $i) (i32.const 32))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 34)))
      (br $block))))

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
