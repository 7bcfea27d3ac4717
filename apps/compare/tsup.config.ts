import { libraryConfig } from '@flopmatch/tsconfig/tsup';

// The library entry plus the two executables: the `flopmatch` CLI and the pool's worker process.
export default libraryConfig({ entry: ['src/index.ts', 'src/cli.ts', 'src/worker.ts'] });
