#!/usr/bin/env node
// `npm start`: the menu-bar app when the Electron binary is installed; otherwise one line saying
// so, then the headless gateway with its dashboard URL (Linux boxes, CI-like machines).
//
// Stopping it by any route stops the app: SIGINT, SIGTERM and SIGHUP are passed on (the child runs
// in its own process group, so a Ctrl-C reaches it once, through here, and it can shut down
// cleanly); npm going away is noticed (npm's `sh -c` dies on SIGTERM without passing it on); and
// if this launcher itself is killed outright, the gateway sees its IPC channel close and exits.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary() {
  try {
    // The electron package exports its binary's path, and throws when the binary is missing.
    return require('electron');
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.log(
    '[start] Electron binary not installed (run `node node_modules/electron/install.js` where its download is reachable); starting the headless gateway instead',
  );
}
const child = binary
  ? spawn(binary, ['.'], { cwd: root, stdio: 'inherit', detached: true })
  : spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'gateway', '--open-dashboard'], {
      cwd: root,
      // The IPC channel is the gateway's lifeline to this process (src-main/cli/parent-watch.ts).
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });

const stop = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));

// npm runs this through `sh -c`; when npm is stopped that shell dies and nothing tells us.
const parent = process.ppid;
const launcherGone = () => {
  try {
    process.kill(parent, 0);
    return false;
  } catch (error) {
    return error.code !== 'EPERM';
  }
};
if (parent > 1) {
  const watch = setInterval(() => {
    if (!launcherGone()) return;
    clearInterval(watch);
    stop('SIGTERM');
  }, 1000);
  watch.unref();
}

child.on('error', (error) => {
  console.error(`[start] could not start ${binary ? 'Electron' : 'the gateway'}: ${error.message}`);
  process.exitCode = 1;
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
