// The version comes from package.json only: esbuild inlines just this field (a named JSON import is tree-shaken), tsx reads it in tests.
export { version as VERSION } from '../package.json';
