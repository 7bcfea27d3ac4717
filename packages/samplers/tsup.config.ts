import { libraryConfig } from '@flopmatch/tsconfig/tsup';

export default libraryConfig({ entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' } });
