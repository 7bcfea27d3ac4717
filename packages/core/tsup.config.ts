import { libraryConfig } from '@flopmatch/tsconfig/tsup';

// `testing` is a separate entry (`@flopmatch/core/testing`): it imports vitest, an optional peer, and the
// main entry by the package's own name (external), so both entries share one set of error classes.
export default libraryConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  external: ['vitest', '@flopmatch/core'],
});
