/**
 * The dependency layers of flopmatch (docs/architecture.md). A package may depend on packages of a lower
 * layer; within a layer only the listed sibling edges are allowed. The app sits on top and only wires.
 */
export const LAYERS: string[][] = [
  ['core'],
  ['runtime', 'flops', 'data'],
  ['nn', 'samplers'],
  ['transformer', 'trainer', 'text', 'autoencoder', 'vq', 'vae', 'metrics'],
  ['objective-diffusion', 'objective-masked', 'objective-next-token'],
  ['compare'],
];

/** Same-layer edges that are allowed: codecs build on the shared encoder/decoder's public API. */
export const SIBLING_EDGES: Array<[string, string]> = [
  ['vq', 'autoencoder'],
  ['vae', 'autoencoder'],
];

export function layerOf(name: string): number {
  const i = LAYERS.findIndex((layer) => layer.includes(name));
  return i;
}
