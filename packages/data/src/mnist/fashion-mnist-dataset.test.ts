import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { DatasetUnavailableError } from '../dataset/dataset-errors.js';
import { encodeIdx } from '../idx/idx.js';
import { createFashionMnistDataset, FASHION_MNIST_DIR } from './fashion-mnist-dataset.js';

/** Writes a gzipped IDX fixture of `labels.length` 28 × 28 images whose pixel (y, x) of image i is (i·50 + y + x) mod 256. */
function writeFixture(
  labels: number[],
  options: { labelCount?: number; imageType?: 'uint8' | 'int16' } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopmatch-fashion-'));
  const n = labels.length;
  const pixels = Uint8Array.from({ length: n * 784 }, (_, k) => {
    const i = Math.floor(k / 784);
    const y = Math.floor((k % 784) / 28);
    const x = k % 28;
    return (i * 50 + y + x) % 256;
  });
  const images =
    options.imageType === 'int16'
      ? { type: 'int16' as const, dims: [n, 28, 28], data: Int16Array.from(pixels) }
      : { type: 'uint8' as const, dims: [n, 28, 28], data: pixels };
  const labelData = Uint8Array.from(labels.slice(0, options.labelCount ?? n));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), encodeIdx(images, { gzip: true }));
  writeFileSync(
    join(dir, 't10k-labels-idx1-ubyte.gz'),
    encodeIdx({ type: 'uint8', dims: [labelData.length], data: labelData }, { gzip: true }),
  );
  return dir;
}

describe('fashion-mnist', () => {
  it('reads a gzipped IDX fixture: pixels, labels and captions', () => {
    const ds = createFashionMnistDataset({ split: 'test', dir: writeFixture([9, 0, 1]) });
    expect(ds.size).toBe(3);
    expect(ds.get(0).caption).toBe('a photo of an ankle boot');
    expect(ds.get(1).caption).toBe('a photo of a t-shirt');
    expect(ds.get(2).meta).toEqual({ label: 1, name: 'trouser' });
    const img = ds.get(2).image;
    // pixel (y = 3, x = 5) of image 2 is 100 + 8 = 108 → 108 / 127.5 − 1
    expect(img[3 * 28 + 5]).toBeCloseTo(108 / 127.5 - 1, 6);
  });

  it('rejects inconsistent files, naming the file', () => {
    expect(() =>
      createFashionMnistDataset({ split: 'test', dir: writeFixture([1, 2, 3], { labelCount: 2 }) }),
    ).toThrow(/t10k-labels-idx1-ubyte.gz: 2 labels for 3 images/);
    expect(() => createFashionMnistDataset({ split: 'test', dir: writeFixture([1, 12]) })).toThrow(
      /label 12 at index 1 is not below 10/,
    );
    expect(() =>
      createFashionMnistDataset({ split: 'test', dir: writeFixture([1], { imageType: 'int16' }) }),
    ).toThrow(FileFormatError);
  });

  it('says to apt-get install dataset-fashion-mnist when the files are missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopmatch-fashion-empty-'));
    expect(() => createFashionMnistDataset({ dir })).toThrow(DatasetUnavailableError);
    expect(() => createFashionMnistDataset({ dir })).toThrow(/fix: apt-get install dataset-fashion-mnist/);
  });

  // Runs only where Debian's package is installed (CI does not need it; the fixture above covers parsing).
  it.runIf(existsSync(FASHION_MNIST_DIR))('reads the installed Debian package', () => {
    const test = createFashionMnistDataset({ split: 'test' });
    expect(test.size).toBe(10000);
    expect(test.get(0).meta).toEqual({ label: 9, name: 'ankle boot' });
  });
});
