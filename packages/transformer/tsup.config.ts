import { libraryConfig } from '@flopmatch/tsconfig/tsup';

// `testing` is a separate entry (`@flopmatch/transformer/testing`): it imports vitest, an optional peer.
export default libraryConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  external: ['vitest'],
});
