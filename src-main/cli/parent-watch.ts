// When the process that started a long-running command goes away, the command goes too. npm runs
// scripts and `npx` through `sh -c`, and stopping npm kills that shell without passing the signal
// on: `npx clawbar gateway` lived on with parent 1 and held its port. A launcher that holds an IPC
// channel to us (scripts/start.mjs) is watched through the channel; npm's shell by asking the
// kernel once a second whether it still lives. Anything else (a terminal, systemd, nohup) is left
// alone: there the parent going away is no reason to stop.
import { processAlive } from '../core/reauth/process-group.js';

/**
 * Calls `onGone` once, with a few words saying who went, when the launcher of this process is
 * gone: the IPC channel closed, or — when npm started us — the parent process exited. Returns a
 * function that stops watching.
 */
export function watchParent(onGone: (who: string) => void, env: NodeJS.ProcessEnv = process.env): () => void {
  if (process.channel) {
    // The channel must not keep the process alive on its own; it only tells us when the launcher dies.
    process.channel.unref();
    const onDisconnect = () => onGone('its launcher exited');
    process.once('disconnect', onDisconnect);
    return () => process.off('disconnect', onDisconnect);
  }
  const parent = process.ppid;
  if (!env.npm_lifecycle_event || parent <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (processAlive(parent)) return;
    clearInterval(timer);
    onGone('npm exited');
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
