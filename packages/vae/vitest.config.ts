import { packageProject } from '@flopmatch/tsconfig/vitest';
import { mergeConfig } from 'vitest/config';

// The test files share one module graph per worker (`isolate: false`): importing TensorFlow.js and its
// gradient registry costs seconds per file. Every file initialises the backend it needs in `beforeAll`.
export default mergeConfig(packageProject('vae'), { test: { isolate: false } });
