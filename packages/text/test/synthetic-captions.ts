/**
 * Deterministic synthetic captions for tests: "a small red circle at the top left" style prompts, with a
 * few non-ASCII ones (accents, CJK, emoji) so merges form over multi-byte characters too.
 */

/** mulberry32: a tiny seeded PRNG, enough to make the corpus reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIZES = ['small', 'large', 'tiny', 'big', 'medium-sized'];
const COLORS = [
  'red',
  'green',
  'blue',
  'yellow',
  'purple',
  'orange',
  'white',
  'black',
  'crème',
  'café-au-lait',
];
const SHAPES = ['circle', 'square', 'triangle', 'star', 'hexagon', 'heart', 'ring', 'cross'];
const PLACES = [
  'at the top left',
  'at the bottom right',
  'in the centre',
  'near the edge',
  "on the cat's hat",
  'left of 3 dots',
];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'sta',
  'vo',
  'qui',
  'bel',
  'dor',
  'fen',
  'gru',
  'hal',
  'ix',
  'jo',
  'nu',
  'pra',
  'sé',
  'tor',
  'ul',
  'wyn',
  'zo',
  'ché',
  'bri',
  'mon',
];
const EXTRAS = ['', '', '', ' 🙂', ' — 日本語の説明', ' (naïve sketch)', '!', ' on a grey background'];

/** `count` captions drawn with `seed`. */
export function syntheticCaptions(count: number, seed = 1): string[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(r() * 3);
    // A made-up word of 2–3 syllables (about 14k possible) keeps the vocabulary open-ended, like real captions.
    const nonce = Array.from({ length: 2 + Math.floor(r() * 2) }, () => pick(SYLLABLES)).join('');
    out.push(
      `${n === 1 ? 'a' : String(n)} ${pick(SIZES)} ${nonce} ${pick(COLORS)} ${pick(SHAPES)}${n === 1 ? '' : 's'} ${pick(PLACES)}${pick(EXTRAS)}`,
    );
  }
  return out;
}
