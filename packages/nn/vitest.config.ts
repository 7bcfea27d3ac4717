import { packageProject } from '@flopmatch/tsconfig/vitest';
import { mergeConfig } from 'vitest/config';

// The test files share one module graph per worker (`isolate: false`): importing TensorFlow.js and its
// gradient registry costs seconds per file, more than the tests themselves. Every file initialises the
// backend it needs in `beforeAll`, so no file depends on another's state.
export default mergeConfig(packageProject('nn'), { test: { isolate: false } });
