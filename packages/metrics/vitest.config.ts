import { packageProject } from '@flopmatch/tsconfig/vitest';
import { mergeConfig } from 'vitest/config';

// The test files share one module graph per worker (`isolate: false`): importing TensorFlow.js, its
// gradient registry and the wasm backend costs seconds per file, more than most tests. Every file
// initialises the backend it needs in `beforeAll`, so no file depends on another's state.
export default mergeConfig(packageProject('metrics'), { test: { isolate: false } });
