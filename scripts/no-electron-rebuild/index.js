// Stands in for `@electron/rebuild`, which electron-builder depends on only to rebuild native
// modules for Electron. clawbar never does that: keytar is an N-API addon, so the binary built for
// Node loads in Electron as is, and electron-builder.yml sets `npmRebuild: false`. The real
// package wants Node >= 22.12 (and pulls node-gyp 12 and node-abi 4), which made `npm install`
// warn EBADENGINE on the Node 20 clawbar supports. package.json's `overrides` puts this one in its
// place; if anything ever calls it, it says why instead of rebuilding.
export async function rebuild() {
  throw new Error(
    'clawbar does not rebuild native modules for Electron (keytar is N-API; electron-builder.yml sets npmRebuild: false)',
  );
}
