;; Float64 matrix product, WebAssembly SIMD (f64x2). Compiled to bytes at build time by scripts/build-wasm.mjs,
;; twice: as written (fused multiply-add, f64x2.relaxed_madd from relaxed SIMD) and "unfused", every relaxed_madd
;; rewritten as f64x2.add + f64x2.mul, for runtimes without relaxed SIMD (matmul-wasm.ts picks the first that loads).
;;
;; C = op(A)·op(B), op(A) m×k, op(B) k×n, all row-major. The caller (matmul-wasm.ts) copies A and B into this
;; memory and reads C back. The layout follows the usual GEMM recipe:
;;   for each block of KC = 256 steps along k:
;;   1. pack that block of op(B) into panels of 4 columns, zero-padded past n;
;;   2. for each row of 4×4 tiles: pack its 4 rows of op(A) into one panel, each value stored twice (a ready splat),
;;      zero-padded past m; then for each tile of the row: $tile, 8 f64x2 accumulators in registers, added to C
;;      after the first block.
;;   Packing absorbs both transposes, makes every load in the inner loop a plain sequential v128.load and removes
;;   all edge cases from the tile. Packing a block just before its tiles run leaves it in cache for them (packing
;;   all of k first was 12% slower at 64×1000×100), and packing A one panel at a time, into a buffer that stays in
;;   L1, keeps the 2× larger splatted A out of L2, where the B panels live (3-10% faster than packing all of the
;;   block's A panels at once).
;;   then C, computed with a row stride padded to a multiple of 4, is compacted to stride n.
;; Each C element is summed in order p = 0..k-1. Unfused, the result is bit-identical to the plain triple loop
;; (tests compare exactly); fused, each step rounds once instead of twice (tests bound the difference).
;;
;; Why this shape (Node 20, V8 11.3, AMD Zen 3; measured interleaved in one process with the f64x2 limit, 2 FMA a
;; cycle): V8 never folds a load into an arithmetic instruction, so the tile is limited by instructions per flop.
;; Without FMA a step of the 4×4 tile is 6 loads + 8 multiplies + 8 adds, and it ran at ~50% of the limit with data
;; in L1; with FMA (8 instructions instead of 16) ~65%; loading A pre-splatted with a plain v128.load, whose offset
;; V8 folds into the address (it materialises load64_splat offsets with an extra lea), and four steps a loop
;; iteration bring it to 95% of the limit when the VM runs fast, ~70% when it is slow (the FMA-only limit loop does
;; not slow down with it: whatever shares the core competes for the loads and instructions, not the FMA units).
;; Larger tiles with more accumulators than the 8 that just cover the 4-cycle FMA latency measured no better:
;; V8 hoists every load of a basic block to its top, so a 6×4 tile needs a (never taken) branch after each row to
;; stay within its 15 xmm registers, and 5×4 one per step; the extra instructions cost what the latency slack gains.
;; The exit test between the copies is such a split (without it: all loads first, accumulators spilled, 2× slower).
;; KC from 128 to 512 measured the same.
(module
  (memory (export "memory") 1)

  ;; Packing B: `lines` lines of `depth` values go into panels of 4 lines; panel q holds, for d = 0..depth-1, the
  ;; values (line 4q+0..4q+3, position d) contiguously, 32 bytes per d; lines past `lines` are zeros. A line is a
  ;; column of op(B) and depth runs along k. Strides are in bytes. Exactly one of the two strides is 8 (a plain or a
  ;; transposed operand), which picks the fast routine. Panels start depth·32 + 64 bytes apart: at depth 128 or 256
  ;; a panel is a multiple of 4 KiB, and writing the same d of every panel in turn would hit a single L1 set.

  ;; Lines adjacent in memory (lineStride 8: op(B) untransposed): source row by source row, each d's 32-byte pieces
  ;; go to every full panel in turn, so the source is read once, sequentially (at 1000×100, 45 µs against 53 for
  ;; reading it down the columns two panels at a time; without the 64 bytes between panels, 126). The last, partial
  ;; panel follows in $packEdge.
  (func $packAcross (param $src i32) (param $dst i32) (param $lines i32) (param $depth i32) (param $depthStride i32)
    (local $fullBytes i32) (local $panelStride i32) (local $row i32) (local $rowEnd i32) (local $at i32) (local $to i32)
    (local $d i32)
    (local.set $panelStride (i32.add (i32.shl (local.get $depth) (i32.const 5)) (i32.const 64)))
    (local.set $fullBytes (i32.shl (i32.shr_u (local.get $lines) (i32.const 2)) (i32.const 5)))
    (if (local.get $fullBytes)
      (then
        (local.set $row (local.get $src))
        (local.set $d (i32.const 0))
        (loop $eachRow
          (local.set $at (local.get $row))
          (local.set $rowEnd (i32.add (local.get $row) (local.get $fullBytes)))
          (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $d) (i32.const 5))))
          (loop $eachPanel
            (v128.store (local.get $to) (v128.load (local.get $at)))
            (v128.store offset=16 (local.get $to) (v128.load offset=16 (local.get $at)))
            (local.set $at (i32.add (local.get $at) (i32.const 32)))
            (local.set $to (i32.add (local.get $to) (local.get $panelStride)))
            (br_if $eachPanel (i32.lt_u (local.get $at) (local.get $rowEnd))))
          (local.set $row (i32.add (local.get $row) (local.get $depthStride)))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (br_if $eachRow (i32.lt_u (local.get $d) (local.get $depth))))))
    (call $packEdge (i32.add (local.get $src) (local.get $fullBytes))
      (i32.add (local.get $dst) (i32.mul (i32.shr_u (local.get $lines) (i32.const 2)) (local.get $panelStride)))
      (i32.and (local.get $lines) (i32.const 3)) (local.get $depth) (i32.const 8) (local.get $depthStride)))

  ;; Lines contiguous along depth (depthStride 8: op(B) transposed): the four lines of a full panel are read side by
  ;; side, two depths at a time (one 16-byte load per line), and interleaved by shuffles.
  (func $packAlong (param $src i32) (param $dst i32) (param $lines i32) (param $depth i32) (param $lineStride i32)
    (local $full i32) (local $at i32) (local $to i32) (local $end i32) (local $pairsEnd i32) (local $panelBytes i32)
    (local $s2 i32) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local.set $panelBytes (i32.shl (local.get $depth) (i32.const 5)))
    (local.set $full (i32.shr_u (local.get $lines) (i32.const 2)))
    (local.set $s2 (i32.shl (local.get $lineStride) (i32.const 1)))
    (block $done
      (loop $eachPanel
        (br_if $done (i32.eqz (local.get $full)))
        (local.set $at (local.get $src))
        (local.set $to (local.get $dst))
        (local.set $end (i32.add (local.get $dst) (local.get $panelBytes)))
        (local.set $pairsEnd (i32.sub (local.get $end) (i32.and (local.get $panelBytes) (i32.const 32))))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $to) (local.get $pairsEnd)))
            (local.set $r0 (v128.load (local.get $at)))
            (local.set $r1 (v128.load (i32.add (local.get $at) (local.get $lineStride))))
            (local.set $r2 (v128.load (i32.add (local.get $at) (local.get $s2))))
            (local.set $r3 (v128.load (i32.add (i32.add (local.get $at) (local.get $s2)) (local.get $lineStride))))
            (v128.store (local.get $to)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $r0) (local.get $r1)))
            (v128.store offset=16 (local.get $to)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $r2) (local.get $r3)))
            (v128.store offset=32 (local.get $to)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $r0) (local.get $r1)))
            (v128.store offset=48 (local.get $to)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $r2) (local.get $r3)))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))
            (local.set $to (i32.add (local.get $to) (i32.const 64)))
            (br $pairs)))
        ;; an odd depth leaves one value per line
        (if (i32.lt_u (local.get $to) (local.get $end))
          (then
            (f64.store (local.get $to) (f64.load (local.get $at)))
            (f64.store offset=8 (local.get $to) (f64.load (i32.add (local.get $at) (local.get $lineStride))))
            (f64.store offset=16 (local.get $to) (f64.load (i32.add (local.get $at) (local.get $s2))))
            (f64.store offset=24 (local.get $to)
              (f64.load (i32.add (i32.add (local.get $at) (local.get $s2)) (local.get $lineStride))))))
        (local.set $src (i32.add (local.get $src) (i32.shl (local.get $lineStride) (i32.const 2))))
        (local.set $dst (i32.add (local.get $end) (i32.const 64)))
        (local.set $full (i32.sub (local.get $full) (i32.const 1)))
        (br $eachPanel)))
    (call $packEdge (local.get $src) (local.get $dst) (i32.and (local.get $lines) (i32.const 3)) (local.get $depth)
      (local.get $lineStride) (i32.const 8)))

  ;; The last, partial panel (0 to 3 lines; nothing when 0): one line at a time, then zeros up to 4 lines.
  (func $packEdge (param $src i32) (param $dst i32) (param $lines i32) (param $depth i32)
                  (param $lineStride i32) (param $depthStride i32)
    (local $line i32) (local $at i32) (local $to i32) (local $end i32)
    (if (i32.eqz (local.get $lines)) (then (return)))
    (local.set $line (i32.const 0))
    (loop $eachLine
      (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $line) (i32.const 3))))
      (local.set $end (i32.add (local.get $to) (i32.shl (local.get $depth) (i32.const 5))))
      (if (i32.lt_u (local.get $line) (local.get $lines))
        (then
          (local.set $at (i32.add (local.get $src) (i32.mul (local.get $line) (local.get $lineStride))))
          (loop $copy
            (f64.store (local.get $to) (f64.load (local.get $at)))
            (local.set $at (i32.add (local.get $at) (local.get $depthStride)))
            (local.set $to (i32.add (local.get $to) (i32.const 32)))
            (br_if $copy (i32.lt_u (local.get $to) (local.get $end)))))
        (else
          (loop $zero
            (f64.store (local.get $to) (f64.const 0))
            (local.set $to (i32.add (local.get $to) (i32.const 32)))
            (br_if $zero (i32.lt_u (local.get $to) (local.get $end))))))
      (local.set $line (i32.add (local.get $line) (i32.const 1)))
      (br_if $eachLine (i32.lt_u (local.get $line) (i32.const 4)))))

  ;; One A panel, every value stored twice, ready for f64x2 (see $tile): for d = 0..depth-1, lines 0..3 at position d,
  ;; 64 bytes per d; lines past `lines` (1 to 4) are zeros. A line is a row of op(A), depth runs along k; strides in
  ;; bytes (lineStride 8k, depthStride 8 for plain A; 8 and 8m for transposed A).
  (func $packSplat (param $src i32) (param $dst i32) (param $lines i32) (param $depth i32)
                   (param $lineStride i32) (param $depthStride i32)
    (local $at i32) (local $to i32) (local $end i32) (local $s2 i32) (local $s3 i32) (local $line i32)
    (if (i32.eq (local.get $lines) (i32.const 4))
      (then
        (local.set $s2 (i32.shl (local.get $lineStride) (i32.const 1)))
        (local.set $s3 (i32.add (local.get $s2) (local.get $lineStride)))
        (local.set $at (local.get $src))
        (local.set $to (local.get $dst))
        (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $depth) (i32.const 6))))
        (loop $copy
          (v128.store (local.get $to) (v128.load64_splat (local.get $at)))
          (v128.store offset=16 (local.get $to) (v128.load64_splat (i32.add (local.get $at) (local.get $lineStride))))
          (v128.store offset=32 (local.get $to) (v128.load64_splat (i32.add (local.get $at) (local.get $s2))))
          (v128.store offset=48 (local.get $to) (v128.load64_splat (i32.add (local.get $at) (local.get $s3))))
          (local.set $at (i32.add (local.get $at) (local.get $depthStride)))
          (local.set $to (i32.add (local.get $to) (i32.const 64)))
          (br_if $copy (i32.lt_u (local.get $to) (local.get $end))))
        (return)))
    ;; the last, partial panel of m: one line at a time, then zeros up to 4 lines
    (local.set $line (i32.const 0))
    (loop $eachLine
      (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $line) (i32.const 4))))
      (local.set $end (i32.add (local.get $to) (i32.shl (local.get $depth) (i32.const 6))))
      (local.set $at (i32.add (local.get $src) (i32.mul (local.get $line) (local.get $lineStride))))
      (if (i32.lt_u (local.get $line) (local.get $lines))
        (then
          (loop $copyLine
            (v128.store (local.get $to) (v128.load64_splat (local.get $at)))
            (local.set $at (i32.add (local.get $at) (local.get $depthStride)))
            (local.set $to (i32.add (local.get $to) (i32.const 64)))
            (br_if $copyLine (i32.lt_u (local.get $to) (local.get $end)))))
        (else
          (loop $zero
            (v128.store (local.get $to) (v128.const i64x2 0 0))
            (local.set $to (i32.add (local.get $to) (i32.const 64)))
            (br_if $zero (i32.lt_u (local.get $to) (local.get $end))))))
      (local.set $line (i32.add (local.get $line) (i32.const 1)))
      (br_if $eachLine (i32.lt_u (local.get $line) (i32.const 4)))))

  ;; One 4×4 tile of C += (or =, when $accumulate is 0) a packed A panel (kc × 4 splats) times a packed B panel
  ;; (kc×4). A step p: B(p, 0..1) and B(p, 2..3), then each A(r, p) pair times both. Four steps per iteration with an
  ;; exit test after each of the first three (see the header for why). Exported for the bench, which times it alone
  ;; on panels in L1.
  (func $tile (export "tile")
               (param $a i32) (param $b i32) (param $c i32) (param $kc i32) (param $ldc i32) (param $accumulate i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $row i32) (local $aEnd i32)
    (if (local.get $accumulate)
      (then
        (local.set $row (local.get $c))
        (local.set $c00 (v128.load (local.get $row)))
        (local.set $c01 (v128.load offset=16 (local.get $row)))
        (local.set $row (i32.add (local.get $row) (local.get $ldc)))
        (local.set $c10 (v128.load (local.get $row)))
        (local.set $c11 (v128.load offset=16 (local.get $row)))
        (local.set $row (i32.add (local.get $row) (local.get $ldc)))
        (local.set $c20 (v128.load (local.get $row)))
        (local.set $c21 (v128.load offset=16 (local.get $row)))
        (local.set $row (i32.add (local.get $row) (local.get $ldc)))
        (local.set $c30 (v128.load (local.get $row)))
        (local.set $c31 (v128.load offset=16 (local.get $row)))))
    (local.set $aEnd (i32.add (local.get $a) (i32.shl (local.get $kc) (i32.const 6))))
    (block $done
      (loop $step
        ;; p
        (local.set $b0 (v128.load offset=0 (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load offset=0 (local.get $a)))
        (local.set $c00 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
        (local.set $c01 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
        (local.set $x (v128.load offset=16 (local.get $a)))
        (local.set $c10 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c10)))
        (local.set $c11 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c11)))
        (local.set $x (v128.load offset=32 (local.get $a)))
        (local.set $c20 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c20)))
        (local.set $c21 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c21)))
        (local.set $x (v128.load offset=48 (local.get $a)))
        (local.set $c30 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c30)))
        (local.set $c31 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c31)))
        (br_if $done (i32.ge_u (i32.add (local.get $a) (i32.const 64)) (local.get $aEnd)))
        ;; p + 1
        (local.set $b0 (v128.load offset=32 (local.get $b)))
        (local.set $b1 (v128.load offset=48 (local.get $b)))
        (local.set $x (v128.load offset=64 (local.get $a)))
        (local.set $c00 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
        (local.set $c01 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
        (local.set $x (v128.load offset=80 (local.get $a)))
        (local.set $c10 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c10)))
        (local.set $c11 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c11)))
        (local.set $x (v128.load offset=96 (local.get $a)))
        (local.set $c20 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c20)))
        (local.set $c21 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c21)))
        (local.set $x (v128.load offset=112 (local.get $a)))
        (local.set $c30 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c30)))
        (local.set $c31 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c31)))
        (br_if $done (i32.ge_u (i32.add (local.get $a) (i32.const 128)) (local.get $aEnd)))
        ;; p + 2
        (local.set $b0 (v128.load offset=64 (local.get $b)))
        (local.set $b1 (v128.load offset=80 (local.get $b)))
        (local.set $x (v128.load offset=128 (local.get $a)))
        (local.set $c00 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
        (local.set $c01 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
        (local.set $x (v128.load offset=144 (local.get $a)))
        (local.set $c10 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c10)))
        (local.set $c11 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c11)))
        (local.set $x (v128.load offset=160 (local.get $a)))
        (local.set $c20 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c20)))
        (local.set $c21 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c21)))
        (local.set $x (v128.load offset=176 (local.get $a)))
        (local.set $c30 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c30)))
        (local.set $c31 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c31)))
        (br_if $done (i32.ge_u (i32.add (local.get $a) (i32.const 192)) (local.get $aEnd)))
        ;; p + 3
        (local.set $b0 (v128.load offset=96 (local.get $b)))
        (local.set $b1 (v128.load offset=112 (local.get $b)))
        (local.set $x (v128.load offset=192 (local.get $a)))
        (local.set $c00 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
        (local.set $c01 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
        (local.set $x (v128.load offset=208 (local.get $a)))
        (local.set $c10 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c10)))
        (local.set $c11 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c11)))
        (local.set $x (v128.load offset=224 (local.get $a)))
        (local.set $c20 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c20)))
        (local.set $c21 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c21)))
        (local.set $x (v128.load offset=240 (local.get $a)))
        (local.set $c30 (f64x2.relaxed_madd (local.get $x) (local.get $b0) (local.get $c30)))
        (local.set $c31 (f64x2.relaxed_madd (local.get $x) (local.get $b1) (local.get $c31)))
        (local.set $a (i32.add (local.get $a) (i32.const 256)))
        (local.set $b (i32.add (local.get $b) (i32.const 128)))
        (br_if $step (i32.lt_u (local.get $a) (local.get $aEnd)))))
    (local.set $row (local.get $c))
    (v128.store (local.get $row) (local.get $c00))
    (v128.store offset=16 (local.get $row) (local.get $c01))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store (local.get $row) (local.get $c10))
    (v128.store offset=16 (local.get $row) (local.get $c11))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store (local.get $row) (local.get $c20))
    (v128.store offset=16 (local.get $row) (local.get $c21))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store (local.get $row) (local.get $c30))
    (v128.store offset=16 (local.get $row) (local.get $c31)))

  ;; C (m×n at $c, stride n) = op(A)·op(B). A is stored m×k (k×m when $transA) at $a, B is stored k×n (n×k when
  ;; $transB) at $b. With kc = min(k, 256): $aPack needs 8·kc doubles (one panel), $bPack ceil(n/4)·(4·kc + 8),
  ;; $c ceil(m/4)·4 × ceil(n/4)·4.
  ;; All offsets in bytes; m, k, n ≥ 1.
  (func (export "matmul") (param $a i32) (param $b i32) (param $aPack i32) (param $bPack i32) (param $c i32)
                          (param $m i32) (param $k i32) (param $n i32) (param $transA i32) (param $transB i32)
    (local $mp i32) (local $np i32) (local $ldc i32) (local $pc i32) (local $kc i32) (local $i i32) (local $j i32)
    (local $rowsLeft i32) (local $panelRows i32) (local $cRow i32) (local $panelStride i32)
    (local.set $mp (i32.and (i32.add (local.get $m) (i32.const 3)) (i32.const -4)))
    (local.set $np (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)))
    (local.set $ldc (i32.shl (local.get $np) (i32.const 3)))
    (local.set $pc (i32.const 0))
    (loop $kBlock
      (local.set $kc (select (i32.const 256) (i32.sub (local.get $k) (local.get $pc))
                             (i32.gt_u (i32.sub (local.get $k) (local.get $pc)) (i32.const 256))))
      (local.set $panelStride (i32.add (i32.shl (local.get $kc) (i32.const 5)) (i32.const 64)))
      ;; columns of op(B): across when plain (stride n along k), along k when transposed (stride k between columns)
      (if (local.get $transB)
        (then (call $packAlong (i32.add (local.get $b) (i32.shl (local.get $pc) (i32.const 3)))
                (local.get $bPack) (local.get $n) (local.get $kc) (i32.shl (local.get $k) (i32.const 3))))
        (else (call $packAcross
                (i32.add (local.get $b) (i32.mul (local.get $pc) (i32.shl (local.get $n) (i32.const 3))))
                (local.get $bPack) (local.get $n) (local.get $kc) (i32.shl (local.get $n) (i32.const 3)))))
      ;; for each row of tiles, its A panel (16 KiB) is packed into the one panel buffer, where it stays in L1 while
      ;; the row streams the block's B panels (8 KiB each) from L2
      (local.set $i (i32.const 0))
      (loop $rows
        (local.set $rowsLeft (i32.sub (local.get $m) (local.get $i)))
        (local.set $panelRows
          (select (i32.const 4) (local.get $rowsLeft) (i32.gt_u (local.get $rowsLeft) (i32.const 4))))
        ;; rows of op(A): along k when plain (stride k between rows), across when transposed (stride m along k)
        (if (local.get $transA)
          (then (call $packSplat
                  (i32.add (local.get $a)
                    (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $m)) (local.get $i)) (i32.const 3)))
                  (local.get $aPack) (local.get $panelRows) (local.get $kc)
                  (i32.const 8) (i32.shl (local.get $m) (i32.const 3))))
          (else (call $packSplat
                  (i32.add (local.get $a)
                    (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $pc)) (i32.const 3)))
                  (local.get $aPack) (local.get $panelRows) (local.get $kc)
                  (i32.shl (local.get $k) (i32.const 3)) (i32.const 8))))
        (local.set $cRow (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $j (i32.const 0))
        (loop $cols
          (call $tile
            (local.get $aPack)
            (i32.add (local.get $bPack) (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $panelStride)))
            (i32.add (local.get $cRow) (i32.shl (local.get $j) (i32.const 3)))
            (local.get $kc) (local.get $ldc) (local.get $pc))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $np))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $rows (i32.lt_u (local.get $i) (local.get $mp))))
      (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
      (br_if $kBlock (i32.lt_u (local.get $pc) (local.get $k))))
    ;; compact C from row stride np to n (moving forward never overwrites a row not yet moved)
    (if (i32.ne (local.get $np) (local.get $n))
      (then
        (local.set $i (i32.const 1))
        (loop $compact
          (if (i32.lt_u (local.get $i) (local.get $m))
            (then
              (memory.copy
                (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 3)))
                (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
                (i32.shl (local.get $n) (i32.const 3)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $compact))))))))
