#!/usr/bin/env node
// Scaffolds a flopmatch package with the same manifest everywhere (STYLE.md habit 17):
//   node scripts/new-package.mjs <folder-name> "<one-line description>" [--app]
// Creates packages/<name>/ (or apps/<name>/) with package.json, tsconfig.json, tsup.config.ts,
// vitest.config.ts, README.md and src/index.ts, and adds the package to the root tsconfig references.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description, flag] = process.argv.slice(2);
if (!name || !description) {
  console.error('usage: node scripts/new-package.mjs <folder-name> "<description>" [--app]');
  process.exit(2);
}
const base = flag === '--app' ? 'apps' : 'packages';
const dir = join(base, name);
if (existsSync(dir)) {
  console.error(`${dir} exists already`);
  process.exit(2);
}
mkdirSync(join(dir, 'src'), { recursive: true });
const pkg = {
  name: `@flopmatch/${name}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  type: 'module',
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      '@flopmatch/source': './src/index.ts',
      types: './dist/index.d.ts',
      import: './dist/index.js',
      require: './dist/index.cjs',
    },
    './package.json': './package.json',
  },
  files: ['dist', '!dist/**/*.test.*', 'README.md', 'CHANGELOG.md'],
  sideEffects: false,
  scripts: {
    build: 'tsup',
    typecheck: 'tsc --noEmit -p tsconfig.json',
    test: 'vitest run',
  },
  dependencies: {},
  devDependencies: { '@flopmatch/tsconfig': '*' },
};
const write = (file, text) => writeFileSync(join(dir, file), text);
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: '@flopmatch/tsconfig/base.json', include: ['src', 'test'] }, null, 2)}\n`,
);
write(
  'tsup.config.ts',
  "import { libraryConfig } from '@flopmatch/tsconfig/tsup';\n\nexport default libraryConfig();\n",
);
write(
  'vitest.config.ts',
  `import { packageProject } from '@flopmatch/tsconfig/vitest';\n\nexport default packageProject('${name}');\n`,
);
write(
  'README.md',
  `# @flopmatch/${name}\n\n${description}\n\n\`\`\`sh\nnpm install @flopmatch/${name}\n\`\`\`\n`,
);
write('src/index.ts', `/** @packageDocumentation ${description} */\nexport {};\n`);
const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8'));
tsconfig.references.push({ path: dir });
writeFileSync('tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`);
console.log(`created ${dir}; now run: flock /tmp/npm.lock npm install --no-audit --no-fund`);
