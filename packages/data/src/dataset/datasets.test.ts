import { createRegistry, NoSuchComponentError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { createDataset, datasets } from './datasets.js';

describe('datasets record', () => {
  it('lists the four built-in datasets with schemas that fill defaults', () => {
    expect(Object.keys(datasets).sort()).toEqual(['fashion-mnist', 'folder', 'mnist', 'shapes']);
    for (const [name, f] of Object.entries(datasets)) expect(f.id).toBe(`dataset:${name}`);
    expect(datasets.shapes.schema.parse({}).resolution).toBe(32);
    expect(datasets.mnist.schema.parse({}).split).toBe('train');
    expect(datasets.folder.schema.safeParse({}).success).toBe(false); // dir is required
  });

  it('builds datasets by name or id and turns into a registry', () => {
    expect(createDataset('shapes', { split: 'test', size: 5 }).size).toBe(5);
    expect(createDataset('dataset:shapes').id).toBe('dataset:shapes');
    const registry = createRegistry('dataset', datasets);
    expect(registry.ids()).toEqual([
      'dataset:fashion-mnist',
      'dataset:folder',
      'dataset:mnist',
      'dataset:shapes',
    ]);
    expect(registry.get('dataset:shapes').create({ size: 3, split: 'test' } as never).size).toBe(3);
  });

  it('names what exists when an id is unknown', () => {
    expect(() => createDataset('cifar')).toThrow(NoSuchComponentError);
    expect(() => createDataset('cifar')).toThrow(/no component 'dataset:cifar'.*dataset:shapes/s);
    expect(() => createDataset('toString')).toThrow(NoSuchComponentError);
  });
});
