import { libraryConfig } from '@flopmatch/tsconfig/tsup';

export default libraryConfig();
