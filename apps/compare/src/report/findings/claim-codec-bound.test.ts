import { describe, expect, it } from 'vitest';
import { type CodecGenerator, claimCodecBound, codecTie, rankCodecs } from './claim-codec-bound.js';
import { TEST_STATS } from './claims.test-helpers.js';

const codec = (name: string, recon: number | undefined, psnr: number, fd: number[]): CodecGenerator => ({
  codec: name,
  ...(recon === undefined ? {} : { reconstructionFd: recon }),
  psnr,
  generatorFd: fd,
});
const good = {
  flow: [codec('vae-c4', 6, 24, [25, 24, 26]), codec('vae-c8', 3, 28, [15, 16, 14])],
  masked: [codec('vq-c8', 10, 20, [30, 31, 29]), codec('vq-c16', 5, 23, [20, 21, 19])],
};

describe('claim 5: codec quality bounds generator quality', () => {
  it('ranks by reconstruction FD, or by PSNR when any FD is missing', () => {
    expect(rankCodecs(good.flow).map((c) => c.codec)).toEqual(['vae-c8', 'vae-c4']);
    const mixed = [codec('a', 2, 20, [1]), codec('b', undefined, 25, [1])];
    expect(rankCodecs(mixed).map((c) => c.codec)).toEqual(['b', 'a']);
  });

  it('supported when the better codec gives the better generator and none beats its codec', () => {
    const f = claimCodecBound({ codecs: good, context: 'test' }, TEST_STATS);
    expect(f.verdict).toBe('supported');
    expect(f.comparisons[0]!.label).toBe('flow: generator FD on vae-c8 − on vae-c4');
    expect(f.comparisons[0]!.estimate.estimate).toBeCloseTo(-10, 12);
  });

  it('not supported when the better codec gives a worse generator', () => {
    const flipped = {
      ...good,
      masked: [codec('vq-c8', 10, 20, [20, 21, 19]), codec('vq-c16', 5, 23, [30, 31, 29])],
    };
    expect(claimCodecBound({ codecs: flipped, context: 'test' }, TEST_STATS).verdict).toBe('not supported');
  });

  it('not supported when a generator clearly beats its codec’s reconstructions', () => {
    const beats = {
      ...good,
      masked: [codec('vq-c8', 10, 20, [7, 7.5, 7.2]), codec('vq-c16', 5, 23, [2, 2.4, 2.2])],
    };
    const f = claimCodecBound({ codecs: beats, context: 'test' }, TEST_STATS);
    expect(f.verdict).toBe('not supported');
    expect(f.reason).toMatch(/masked on vq-c16: generator FD − reconstruction FD lies below 0/);
  });

  it('inconclusive when generators on both codecs overlap', () => {
    const close = {
      ...good,
      masked: [codec('vq-c8', 10, 20, [20, 26, 23]), codec('vq-c16', 5, 23, [22, 19, 25])],
    };
    expect(claimCodecBound({ codecs: close, context: 'test' }, TEST_STATS).verdict).toBe('inconclusive');
  });

  it('inconclusive with one codec capacity for an objective, naming it', () => {
    const f = claimCodecBound({ codecs: { ...good, flow: [good.flow[0]!] }, context: 'test' }, TEST_STATS);
    expect(f.verdict).toBe('inconclusive');
    expect(f.reason).toMatch(/flow has 1 codec \(vae-c4\); needs two codec capacities/);
  });

  it('does not rank codecs whose reconstructions are a near tie (small sweep: FD 1841.6 vs 1850.1)', () => {
    // Generators differ clearly (next-token did better on the slightly worse codec), but the codecs
    // differ by 0.5% in reconstruction FD: that says nothing about codec quality bounding the generator.
    const tie = {
      ...good,
      masked: [
        codec('vq', 1841.6, 27.85, [2190, 2180, 2195]),
        codec('vq-64', 1850.1, 27.43, [2000, 1990, 2001]),
      ],
    };
    const f = claimCodecBound({ codecs: tie, context: 'test' }, TEST_STATS);
    expect(f.verdict).toBe('inconclusive');
    expect(f.reason).toMatch(/vq and vq-64 reconstruct within 0\.5% of each other/);
    // Two objectives on the same tied codecs: each message survives whole in the reason.
    const both = claimCodecBound(
      { codecs: { ...tie, 'next-token': tie.masked }, context: 'test' },
      TEST_STATS,
    );
    expect(both.reason).toMatch(/masked: vq and vq-64 .*vs 1850\.1, a ranking needs ≥ 10%\)/);
    expect(both.reason).toMatch(/next-token: vq and vq-64 .*vs 1850\.1, a ranking needs ≥ 10%\)/);
    // 10% apart is enough to rank: the same generators then refute the claim.
    const apart = {
      ...good,
      masked: [
        codec('vq', 1660, 27.85, [2190, 2180, 2195]),
        codec('vq-64', 1850.1, 27.43, [2000, 1990, 2001]),
      ],
    };
    expect(claimCodecBound({ codecs: apart, context: 'test' }, TEST_STATS).verdict).toBe('not supported');
  });

  it('without reconstruction FD, needs 1 dB of PSNR between the codecs', () => {
    expect(codecTie(codec('a', undefined, 27.9, [1]), codec('b', undefined, 27.0, [1]))).toMatch(
      /within 0\.90 dB/,
    );
    expect(codecTie(codec('a', undefined, 28.0, [1]), codec('b', undefined, 27.0, [1]))).toBeUndefined();
  });

  it('measures the gap above the real-vs-real floor (the ladder at N = 100, floor 1695.8)', () => {
    const at = (name: string, recon: number, psnr: number) => ({
      ...codec(name, recon, psnr, [1]),
      realFd: 1695.8,
    });
    // Raw FD: vq-8 is only 5.7% worse than vq, but 43% worse above the floor: a ranking.
    expect(codecTie(codec('vq', 1841.6, 27.85, [1]), codec('vq-8', 1952.5, 25.8, [1]))).toMatch(
      /within 5\.7%/,
    );
    expect(codecTie(at('vq', 1841.6, 27.85), at('vq-8', 1952.5, 25.8))).toBeUndefined();
    expect(codecTie(at('vae', 1768.5, 29.29), at('vae-1', 1924.0, 26.79))).toBeUndefined();
    // vq vs vq-64 stays a tie even above the floor (145.8 vs 154.3: 5.5%), and says which floor it used.
    expect(codecTie(at('vq', 1841.6, 27.85), at('vq-64', 1850.1, 27.43))).toMatch(
      /within 5\.5% .*above the real-vs-real 1695\.8/,
    );
  });
});
