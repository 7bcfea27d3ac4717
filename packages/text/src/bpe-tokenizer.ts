/**
 * A byte-level BPE prompt tokenizer: the `PromptTokenizer` of `@flopmatch/core`, built from merges
 * learned by `trainBpe` or loaded from a saved file.
 *
 * Byte-pair encoding: Sennrich, Haddow & Birch 2016, "Neural Machine Translation of Rare Words with
 * Subword Units", arXiv:1508.07909, section 3.2; over UTF-8 bytes as in GPT-2 (Radford et al. 2019,
 * section 2.2), so any string encodes without an unknown token.
 *
 * Vocabulary layout (V = vocabSize, M = number of merges = V − 260):
 *   0..255        the bytes
 *   256..255+M    merges, in rank order (merge r is id 256 + r)
 *   V−4 .. V−1    PAD, BOS, EOS, NULL (never produced from text: a prompt cannot spell a special token)
 */
import {
  ConfigError,
  type ConfigIssue,
  type EncodedPrompt,
  type PromptTokenizer,
  parseConfig,
  type SpecialTokens,
} from '@flopmatch/core';
import { BPE_FORMAT_VERSION, BPE_TYPE, type BpeConfig, type BpeFile, BpeFileSchema } from './bpe-config.js';
import { applyMerges, BYTE_TOKENS, pairKey } from './bpe-merge.js';
import { TokenizerError } from './errors.js';
import { type PreTokenizeMode, preTokenize } from './pre-tokenize.js';
import { utf8Decode, utf8Encode } from './utf8.js';

/** Words kept in the per-tokenizer encoding cache before it is cleared (bounds memory on open-ended input). */
const CACHE_LIMIT = 65_536;

/** Special-token ids for a vocabulary of `vocabSize` ids: the last four, in the order PAD, BOS, EOS, NULL. */
export function specialTokensFor(vocabSize: number): SpecialTokens {
  return { pad: vocabSize - 4, bos: vocabSize - 3, eos: vocabSize - 2, null: vocabSize - 1 };
}

const SPECIAL_NAMES = ['pad', 'bos', 'eos', 'null'] as const;

/**
 * Byte-level BPE tokenizer. Encoding splits the prompt with the pre-tokeniser, UTF-8-encodes each piece
 * and applies the merges in rank order inside it (pieces are cached). Decoding concatenates the bytes of
 * the ids, skipping special tokens, and decodes UTF-8.
 *
 * Round trip: `decode(encode(s)) === s` for every well-formed string `s`; lone surrogates (which UTF-8
 * cannot hold) come back as U+FFFD. `decode(encodeFixed(s, L).ids) === s` as long as `truncated` is false.
 *
 * @example
 * const tok = trainBpe(captions, { vocabSize: 512 });
 * tok.encodeFixed('a red circle', 16); // { ids: [bos, …, eos, pad, …], length: 6, truncated: false }
 */
export class BpeTokenizer implements PromptTokenizer {
  /** Version of the `PromptTokenizer` contract this class implements. */
  readonly specVersion = 'v1' as const;
  /** Number of ids: 256 bytes + merges + 4 special tokens. Ids are integers in [0, vocabSize). */
  readonly vocabSize: number;
  /** PAD, BOS, EOS and NULL: the last four ids, in that order. */
  readonly special: SpecialTokens;
  /** Frozen, serialisable config (`type`, `version`, `vocabSize`, `preTokenize`). */
  readonly config: BpeConfig;
  /** Learned merges in rank order: merge `r` joins `[left, right]` into id `256 + r`. */
  readonly merges: ReadonlyArray<readonly [number, number]>;
  readonly #ranks = new Map<number, number>();
  readonly #bytes: Uint8Array[] = [];
  readonly #cache = new Map<string, readonly number[]>();

  private constructor(merges: ReadonlyArray<readonly [number, number]>, preTokenizeMode: PreTokenizeMode) {
    this.vocabSize = BYTE_TOKENS + merges.length + 4;
    this.special = Object.freeze(specialTokensFor(this.vocabSize));
    this.config = Object.freeze({
      type: BPE_TYPE,
      version: BPE_FORMAT_VERSION,
      vocabSize: this.vocabSize,
      preTokenize: preTokenizeMode,
    });
    this.merges = Object.freeze(merges.map(([l, r]) => Object.freeze([l, r] as const)));
    for (let b = 0; b < BYTE_TOKENS; b++) this.#bytes.push(Uint8Array.of(b));
    merges.forEach(([left, right], rank) => {
      this.#ranks.set(pairKey(left, right), rank);
      const a = this.#bytes[left] as Uint8Array;
      const b = this.#bytes[right] as Uint8Array;
      const joined = new Uint8Array(a.length + b.length);
      joined.set(a);
      joined.set(b, a.length);
      this.#bytes.push(joined);
    });
  }

  /**
   * Builds a tokenizer from merges in rank order. Throws `ConfigError` naming each merge that uses an id
   * not yet defined at its rank (merge `r` may only use ids below `256 + r`) or repeats an earlier pair.
   */
  static fromMerges(
    merges: ReadonlyArray<readonly [number, number]>,
    options: { preTokenize?: PreTokenizeMode } = {},
  ): BpeTokenizer {
    const vocabSize = BYTE_TOKENS + merges.length + 4;
    return BpeTokenizer.fromJSON(
      {
        type: BPE_TYPE,
        version: BPE_FORMAT_VERSION,
        vocabSize,
        preTokenize: options.preTokenize ?? 'gpt2',
        special: specialTokensFor(vocabSize),
        merges: merges.map(([l, r]) => [l, r]),
      },
      'BpeTokenizer.fromMerges',
    );
  }

  /**
   * Rebuilds a tokenizer from its saved form (`toJSON()`), validating every field. Throws `ConfigError`
   * naming `source` (a file path or a caller) and each bad field with the fix; a file from a newer
   * version of this package is rejected with an upgrade hint.
   */
  static fromJSON(value: unknown, source = 'BPE tokenizer'): BpeTokenizer {
    const version = (value as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > BPE_FORMAT_VERSION) {
      throw new ConfigError(source, [
        {
          path: 'version',
          value: String(version),
          message: `written by a newer @flopmatch/text (format version ${version}); this one reads version ${BPE_FORMAT_VERSION}`,
          fix: 'upgrade @flopmatch/text',
        },
      ]);
    }
    const file = parseConfig(BpeFileSchema, value, source);
    const issues: ConfigIssue[] = [];
    const firstRank = new Map<number, number>();
    file.merges.forEach(([left, right], rank) => {
      const earlier = firstRank.get(pairKey(left, right));
      if (earlier === undefined) firstRank.set(pairKey(left, right), rank);
      else if (issues.length < 5) {
        issues.push({
          path: `merges[${rank}]`,
          value: JSON.stringify([left, right]),
          message: `repeats merge ${earlier}; each pair can be merged only once`,
          fix: 'remove the repeated merge; the file may be corrupt',
        });
      }
      const limit = BYTE_TOKENS + rank;
      for (const [side, id] of [
        [0, left],
        [1, right],
      ] as const) {
        if (id >= limit && issues.length < 5) {
          issues.push({
            path: `merges[${rank}][${side}]`,
            value: String(id),
            message: `merge ${rank} uses id ${id}, which is not defined before it (ids below ${limit} are)`,
            fix: 'list merges in the order they were learned; the file may be corrupt',
          });
        }
      }
    });
    const expected = BYTE_TOKENS + file.merges.length + 4;
    if (file.vocabSize !== expected) {
      issues.push({
        path: 'vocabSize',
        value: String(file.vocabSize),
        message: `does not match ${file.merges.length} merges (256 bytes + ${file.merges.length} merges + 4 special tokens = ${expected})`,
        fix: `set vocabSize to ${expected}, or restore the missing merges`,
      });
    } else {
      const want = specialTokensFor(expected);
      for (const name of SPECIAL_NAMES) {
        if (file.special[name] !== want[name]) {
          issues.push({
            path: `special.${name}`,
            value: String(file.special[name]),
            message: `special tokens take the last four ids in the order pad, bos, eos, null; ${name} must be ${want[name]}`,
            fix: `set special.${name} to ${want[name]}`,
          });
        }
      }
    }
    if (issues.length > 0) throw new ConfigError(source, issues);
    return new BpeTokenizer(file.merges, file.preTokenize);
  }

  /** The saved form: plain JSON data, read back by `fromJSON` (and `loadBpeTokenizer`). */
  toJSON(): BpeFile {
    return {
      ...this.config,
      special: { ...this.special },
      merges: this.merges.map(([l, r]) => [l, r] as [number, number]),
    };
  }

  /** Token ids of `text` (no BOS/EOS/PAD). Lone surrogates are encoded as U+FFFD. */
  encode(text: string): number[] {
    const out: number[] = [];
    for (const piece of preTokenize(text, this.config.preTokenize)) {
      let ids = this.#cache.get(piece);
      if (ids === undefined) {
        ids = applyMerges(utf8Encode(piece), this.#ranks);
        if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
        this.#cache.set(piece, ids);
      }
      for (const id of ids) out.push(id);
    }
    return out;
  }

  /**
   * The text of `ids`. Special tokens (PAD, BOS, EOS, NULL) are skipped; byte sequences that are not valid
   * UTF-8 (e.g. ids cut mid-character by truncation) decode to U+FFFD. Throws `TokenizerError` on an id
   * that is not an integer in [0, vocabSize).
   */
  decode(ids: number[]): string {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      this.#check(id, i);
      if (id >= this.special.pad) continue;
      const bytes = this.#bytes[id] as Uint8Array;
      parts.push(bytes);
      total += bytes.length;
    }
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const p of parts) {
      joined.set(p, offset);
      offset += p.length;
    }
    return utf8Decode(joined);
  }

  /**
   * BOS + tokens + EOS, padded with PAD to exactly `length` ids. A prompt that does not fit keeps BOS and
   * EOS and drops its last tokens (`truncated: true`; `length` then says how many ids the full prompt
   * had). Throws `TokenizerError` when `length` is not an integer ≥ 2.
   */
  encodeFixed(text: string, length: number): EncodedPrompt {
    this.#checkLength(length, 2, 'encodeFixed', 'BOS and EOS');
    const tokens = this.encode(text);
    const full = tokens.length + 2;
    const kept = full <= length ? tokens : tokens.slice(0, length - 2);
    const ids = [this.special.bos, ...kept, this.special.eos];
    while (ids.length < length) ids.push(this.special.pad);
    return { ids, length: full, truncated: full > length };
  }

  /**
   * The unconditional prompt: BOS, NULL, EOS, then PAD to `length` — the layout of a one-token prompt
   * whose token is NULL. Throws `TokenizerError` when `length` is not an integer ≥ 3.
   */
  nullPrompt(length: number): EncodedPrompt {
    this.#checkLength(length, 3, 'nullPrompt', 'BOS, NULL and EOS');
    const ids = [this.special.bos, this.special.null, this.special.eos];
    while (ids.length < length) ids.push(this.special.pad);
    return { ids, length: 3, truncated: false };
  }

  /**
   * A readable rendering of one id, for inspecting vocabularies: the token's bytes as UTF-8 (partial
   * characters shown as U+FFFD) or `<|pad|>`, `<|bos|>`, `<|eos|>`, `<|null|>`.
   */
  tokenString(id: number): string {
    this.#check(id, 0);
    if (id >= this.special.pad) return `<|${SPECIAL_NAMES[id - this.special.pad]}|>`;
    return utf8Decode(this.#bytes[id] as Uint8Array);
  }

  /** The UTF-8 bytes token `id` stands for (empty for special tokens). A copy: mutating it is harmless. */
  tokenBytes(id: number): Uint8Array {
    this.#check(id, 0);
    return id >= this.special.pad ? new Uint8Array(0) : (this.#bytes[id] as Uint8Array).slice();
  }

  #check(id: number, index: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new TokenizerError(
        `token id ${id} at index ${index} is outside the vocabulary [0, ${this.vocabSize})`,
        'decode only ids this tokenizer produced (was the prompt encoded with another tokenizer?)',
      );
    }
  }

  #checkLength(length: number, min: number, method: string, what: string): void {
    if (!Number.isInteger(length) || length < min) {
      throw new TokenizerError(
        `${method}: length ${length} cannot hold ${what}`,
        `pass an integer length ≥ ${min}`,
      );
    }
  }
}
