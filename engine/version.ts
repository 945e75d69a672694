// Replaced by the package version at bundle time (see scripts/build.mjs); the fallback serves tests run from source.
declare const __SAMEPAGE_VERSION__: string | undefined;
export const VERSION: string = typeof __SAMEPAGE_VERSION__ === 'string' ? __SAMEPAGE_VERSION__ : '0.1.0';
