import { seededRandom } from './random';

describe('seededRandom', () => {
  it('repeats its sequence for a seed, stays in [0, 1) and differs between seeds', () => {
    const take = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 1000 }, () => r());
    };
    const a = take(7);
    expect(take(7)).toEqual(a);
    expect(a.every(x => x >= 0 && x < 1)).toBe(true);
    expect(take(8)).not.toEqual(a);
    // Spread over the interval: each tenth gets some of 1,000 draws.
    const tenths = new Set(a.map(x => Math.floor(x * 10)));
    expect(tenths.size).toBe(10);
  });
});
