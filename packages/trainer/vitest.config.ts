import { packageProject } from '@flopmatch/tsconfig/vitest';

export default packageProject('trainer');
