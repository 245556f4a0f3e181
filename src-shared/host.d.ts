// All src-shared may use of its host beyond ECMAScript 2023: timers, which browsers and Node both
// have. Only tsconfig.shared.json reads this file (the Node and web checks use their own
// declarations), so a DOM or Node API in src-shared fails `npm run typecheck`. The handle is
// opaque: Node's `unref()` and the browser's number are both out of reach.
declare const sharedTimer: unique symbol;
type SharedTimer = { readonly [sharedTimer]: true };
declare function setTimeout(handler: () => void, timeoutMs?: number): SharedTimer;
declare function clearTimeout(timer: SharedTimer | undefined): void;
