// fma(a, b, c) = a·b + c rounded once, for finite doubles: the reference for the fused matmul build.
// JavaScript has no fma, so the exact sum is formed in BigInt on a common scale (every finite double is an integer
// times 2^-1074) and rounded to a double once.

const view = new DataView(new ArrayBuffer(8));

/** x = result · 2^-1074 exactly. */
function scaled(x: number): bigint {
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const exponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exponent > 0) mantissa = (mantissa | (1n << 52n)) << BigInt(exponent - 1);
  return hi >>> 31 === 1 ? -mantissa : mantissa;
}

/** value · 2^exponent, for a value that fits 64 bits: exact while the result is a normal double. */
function scale(value: number, exponent: number): number {
  let out = value;
  for (; exponent < -1000; exponent += 1000) out *= 2 ** -1000;
  for (; exponent > 1000; exponent -= 1000) out *= 2 ** 1000;
  return out * 2 ** exponent;
}

export function exactFma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  // a·b + c = (A·B + C·2^1074) · 2^-2148
  let sum = scaled(a) * scaled(b) + (scaled(c) << 1074n);
  if (sum === 0n) return a * b + c; // the sign of an exact zero follows IEEE's rules for the sum
  const negative = sum < 0n;
  if (negative) sum = -sum;
  // Keep 64 bits and fold the dropped ones into the last kept bit ("round to odd"): with 11 spare bits,
  // Number()'s own correct rounding to 53 bits then rounds the exact sum correctly.
  const drop = Math.max(0, sum.toString(2).length - 64);
  let kept = sum >> BigInt(drop);
  if (drop > 0 && (sum & ((1n << BigInt(drop)) - 1n)) !== 0n) kept |= 1n;
  const magnitude = scale(Number(kept), drop - 2148);
  return negative ? -magnitude : magnitude;
}
