// Package root: `import { make } from 'dreamer-ts'` resolves here (dist/index.js).
export * from './src/index.js';
