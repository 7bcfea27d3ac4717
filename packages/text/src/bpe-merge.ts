/**
 * The one BPE merge step, shared by training and encoding so both tokenise a word identically.
 *
 * Byte-pair encoding: Sennrich, Haddow & Birch 2016, "Neural Machine Translation of Rare Words with
 * Subword Units", arXiv:1508.07909, section 3.2 (Algorithm 1); byte-level variant as in GPT-2.
 *
 * Notation: a word is an array of token ids; a merge of rank r replaces the adjacent pair (left, right)
 * by the new id `BYTE_TOKENS + r`. Ranks are the order merges were learned in.
 */

/** Number of byte tokens: ids 0..255 are the raw bytes. */
export const BYTE_TOKENS = 256;

/** Largest vocabulary the pair keys can address (ids must stay below this). */
export const MAX_VOCAB_SIZE = 2 ** 24;

/** A pair of ids as one number (exact in a double: < 2^48). */
export function pairKey(left: number, right: number): number {
  return left * MAX_VOCAB_SIZE + right;
}

/** The (left, right) ids of a pair key. */
export function unpairKey(key: number): [number, number] {
  const right = key % MAX_VOCAB_SIZE;
  return [(key - right) / MAX_VOCAB_SIZE, right];
}

/**
 * Replaces every occurrence of (left, right) in `ids`, scanning left to right without overlap
 * ("a a a" with merge (a, a) → "aa a"). Returns a new array; `ids` is not modified.
 */
export function mergePair(ids: readonly number[], left: number, right: number, merged: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < ids.length) {
    if (i + 1 < ids.length && ids[i] === left && ids[i + 1] === right) {
      out.push(merged);
      i += 2;
    } else {
      out.push(ids[i] as number);
      i += 1;
    }
  }
  return out;
}

/**
 * Applies learned merges to one word: repeatedly merges the adjacent pair of lowest rank (all its
 * occurrences, left to right) until no adjacent pair has a rank. Because every merge's output id is
 * newer than its inputs, the ranks applied strictly increase, so this equals applying every merge in rank
 * order over the whole word, at a cost that depends on the word's length, not on the number of merges.
 *
 * @param ranks pair key → rank (0 = learned first)
 */
export function applyMerges(bytes: ArrayLike<number>, ranks: ReadonlyMap<number, number>): number[] {
  let ids = Array.from(bytes);
  while (ids.length >= 2) {
    let bestRank = Number.POSITIVE_INFINITY;
    let bestLeft = -1;
    let bestRight = -1;
    for (let i = 0; i + 1 < ids.length; i++) {
      const rank = ranks.get(pairKey(ids[i] as number, ids[i + 1] as number));
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        bestLeft = ids[i] as number;
        bestRight = ids[i + 1] as number;
      }
    }
    if (bestRank === Number.POSITIVE_INFINITY) break;
    ids = mergePair(ids, bestLeft, bestRight, BYTE_TOKENS + bestRank);
  }
  return ids;
}
