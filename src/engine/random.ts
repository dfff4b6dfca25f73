// Seeded random numbers, identical on every machine and run.
//
// The generator (documented so other implementations can reproduce it):
//   state: one uint32, initialised to the seed (seed >>> 0).
//   next():  state = (state + 0x9E3779B9) mod 2^32; z = state;
//            z = (z ^ (z >>> 16)) * 0x85EBCA6B mod 2^32; z = (z ^ (z >>> 13)) * 0xC2B2AE35 mod 2^32; z ^= z >>> 16
//            (splitmix32, the 32-bit finaliser of MurmurHash3 on a Weyl sequence).
//   uniform(): two draws hi, lo → ((hi >>> 5) · 2^26 + (lo >>> 6)) / 2^53, a double in [0, 1) with 53 random bits.
//   rand:  one uniform() per element, in row-major order.
//   randn: Box–Muller on pairs: u1 = 1 − uniform() ∈ (0, 1], u2 = uniform();
//          r = sqrt(−2 ln u1); elements 2i and 2i+1 are r·cos(2π u2) and r·sin(2π u2) (an odd count drops the last sin).
// Math.log/cos/sin are V8's fdlibm ports, so the values are bit-identical across machines on the same Node major.

export class SplitMix32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  uniform(): number {
    const hi = this.next() >>> 5;
    const lo = this.next() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

/** A seed for calls without one: different every call, as PyTorch's unseeded generator. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

export function fillUniform(out: Float64Array | Float32Array, seed: number): void {
  const g = new SplitMix32(seed);
  for (let i = 0; i < out.length; i++) out[i] = g.uniform();
}

export function fillNormal(out: Float64Array | Float32Array, seed: number): void {
  const g = new SplitMix32(seed);
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - g.uniform()));
    const theta = 2 * Math.PI * g.uniform();
    out[i] = r * Math.cos(theta);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(theta);
  }
}
