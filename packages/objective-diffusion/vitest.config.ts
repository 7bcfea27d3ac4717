import { packageProject } from '@flopmatch/tsconfig/vitest';
import { mergeConfig } from 'vitest/config';

// The test files share one module graph per worker (`isolate: false`): importing TensorFlow.js costs seconds
// per file. Every file initialises the backend it needs, so no file depends on another's state.
export default mergeConfig(packageProject('objective-diffusion'), { test: { isolate: false } });
