// Replaced at build time by esbuild's `define`; tests running the TypeScript read package.json.
declare const __CLAWBAR_VERSION__: string | undefined;
export const VERSION: string = typeof __CLAWBAR_VERSION__ === 'string' ? __CLAWBAR_VERSION__ : '0.0.0-dev';
