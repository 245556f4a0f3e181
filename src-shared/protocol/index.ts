// The gateway protocol (DESIGN.md §6), split by concern: views (what crosses the wire), methods,
// events and frames. Shared by the gateway, the CLI, the Electron shell, the renderer, tests and
// the bench, so nothing here imports Node or the DOM.
export * from './views.js';
export * from './methods.js';
export * from './events.js';
export * from './frames.js';
