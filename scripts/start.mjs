#!/usr/bin/env node
// `npm start`: the menu-bar app when the Electron binary is installed; otherwise one line saying
// so, then the headless gateway with its dashboard URL (Linux boxes, CI-like machines).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports its binary's path, and throws when the binary is missing.
    return require('electron');
  } catch {
    return null;
  }
}

const binary = electronBinary();
const [command, args] = binary ? [binary, ['.']] : [process.execPath, ['dist/cli.js', 'gateway', '--open-dashboard']];
if (!binary) {
  console.log(
    '[start] Electron binary not installed (run `node node_modules/electron/install.js` where its download is reachable); starting the headless gateway instead',
  );
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
