// Re-login from a phone (issue 18): when a login the agent depends on dies, the owner of each chat
// channel (`channels.<name>.owner`) gets one DM saying which login died; answering `relogin` in that
// DM starts a device-code login whose link and code come back as a DM; once the login is renewed
// the owner hears so ("Codex login restored, expires in 9d 23h") and the messages the dead login
// could not answer (held meanwhile, bounded: owner-queue.ts) are answered in the order they came.
//
// Only the owner, only in a DM, can start a login, and only the device-code login of a profile the
// agent routes to: the login runner runs the configured login command and nothing else. A DM only,
// because whoever enters the code signs the gateway in with their own account.
import { formatDuration } from '../../../src-shared/format.js';
import { isUsableStatus } from '../auth/order.js';
import { createLogger, type Logger } from '../log/logger.js';
import { hasDeviceLogin } from '../providers/registry.js';

import { errorText } from './error-text.js';
import {
  agentProfileIds,
  dyingKey,
  dyingLogins,
  dyingState,
  isDying,
  loginName,
  type AgentRoute,
} from './owner-dying.js';
import { createHeldQueue, preview, type HeldMessage } from './owner-queue.js';

import type { LoginMethod, LoginView, ProfileView } from '../../../src-shared/protocol/index.js';
import type { LoginProgress } from '../reauth/types.js';

/** What the sender of a message the dead login could not answer is told. */
export const HELD_NOTICE = 'The model login expired; your message will be answered as soon as it is renewed.';

/** How the desk reaches one channel's owner. */
export interface OwnerLine {
  /** The channel's id: `discord`, `slack`, `whatsapp`. */
  channel: string;
  /** The owner's id on that channel (`channels.<name>.owner`). */
  owner: string;
  /** True while connected, so a DM can go out now. */
  ready(): boolean;
  /** Sends the owner a direct message. */
  dm(text: string): Promise<void>;
}

/** The login runner as the desk uses it (the runtime's LoginService). */
export interface DeskLogins {
  start(profileId: string, method?: LoginMethod): Promise<{ loginId: string }> | { loginId: string };
  list(): LoginView[];
}

export interface OwnerDeskOptions {
  /** The agent's model chain and auth order, read at each check. */
  config: { current(): AgentRoute };
  /** The profiles clients see, and their changes. */
  profiles: { profiles(now?: number): ProfileView[]; onChanged(listener: () => void): () => void };
  /** The login runner while it runs; undefined before. */
  logins: () => DeskLogins | undefined;
  /** Every `login.progress` event. */
  onLoginProgress(listener: (progress: LoginProgress) => void): () => void;
  now?: () => number;
  /** How often the clock is checked for a login crossing into its last hour; default 30 s. */
  checkEveryMs?: number;
  /** Bounds of the held messages (owner-queue.ts defaults). */
  held?: { perConversation?: number; overall?: number };
  logger?: Logger;
}

/** A message in a channel, as the desk sees it. */
export interface DeskMessage {
  channel: string;
  senderId: string;
  /** A direct message (not a channel or group): the only place the owner's commands count. */
  direct: boolean;
  text: string;
  /** Answers in the conversation the message came from. */
  reply(text: string): Promise<void>;
}

export interface OwnerDesk {
  /** Registers a channel's way to reach its owner; returns the detach function. */
  attach(line: OwnerLine): () => void;
  /**
   * The owner's `relogin` (`/relogin`, `relogin <profile id>`) in a DM: handled here, true. Any
   * other message, or anyone else's `relogin`: false, and the channel answers it as usual.
   */
  command(message: DeskMessage): boolean;
  /**
   * A message the agent could not answer for want of a login: while a login the agent depends on
   * is dying it is kept, and the notice for its sender is returned; otherwise null.
   */
  hold(message: HeldMessage): string | null;
  start(): void;
  stop(): Promise<void>;
}

const COMMAND = /^\/?relogin(?:\s+(\S+))?\s*$/i;

/** `Codex login restored, expires in 9d 23h`. */
export function restoredText(profile: ProfileView): string {
  const expiry =
    profile.remainingMs !== null && profile.remainingMs > 0
      ? `, expires in ${formatDuration(profile.remainingMs)}`
      : '';
  return `${loginName(profile)} login restored${expiry}.`;
}

/** The DM telling the owner a login died, and how to renew it: `relogin` here, or on the gateway's machine. */
export function dyingText(profile: ProfileView): string {
  const what = `Your ${loginName(profile)} login (${profile.id}) ${dyingState(profile)}`;
  const agent = profile.status === 'expired' ? ' — the agent cannot answer with it' : '';
  const command = profile.fix?.command;
  if (!hasDeviceLogin(profile.id)) {
    return `${what}${agent}. It has no login to finish from a phone${command ? `: run ${command} on the gateway's machine` : ''}.`;
  }
  return (
    `${what}${agent}. Reply "relogin" to get a link and a one-time code you can finish from this phone.` +
    (command ? ` (On the gateway's machine: ${command}.)` : '')
  );
}

/** The DM carrying a device code: where to go, what to enter, how long it lasts. */
export function codeText(
  name: string,
  url: string,
  userCode: string,
  expiresAt: string | undefined,
  now: number,
): string {
  const left = expiresAt ? Date.parse(expiresAt) - now : NaN;
  const expiry = Number.isFinite(left) ? ` It expires in ${formatDuration(left)}.` : '';
  return `To renew the ${name} login, open ${url} and enter the code ${userCode}.${expiry} Sign in with the account the agent should use.`;
}

export function createOwnerDesk(options: OwnerDeskOptions): OwnerDesk {
  const log = options.logger ?? createLogger('channels');
  const now = options.now ?? Date.now;
  const lines = new Map<string, OwnerLine>();
  const queue = createHeldQueue(options.held);
  /** Dyings announced: dying key → the profile then, and the channels whose owner was told. */
  const announced = new Map<string, { profile: ProfileView; channels: Set<string> }>();
  /** `<channel>|<key of the renewed token>` of restorations told, so the asker and the check never both say it. */
  const toldRestored = new Set<string>();
  /** Device logins the owner started: login id → where to answer. */
  const pending = new Map<string, { message: DeskMessage; profileId: string; codeSent: boolean }>();
  // Every check and every answer to the owner runs in this one chain: the DMs keep their order.
  let chain: Promise<void> = Promise.resolve();
  const serial = (task: () => Promise<void>) => {
    chain = chain.then(task).catch((error: unknown) => log.warn(`owner DM failed: ${errorText(error)}`));
    return chain;
  };
  /** The held messages being answered, one after another. */
  let replaying: Promise<void> = Promise.resolve();
  const unsubscribe: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;

  const profileNow = (id: string) => options.profiles.profiles(now()).find((p) => p.id === id) ?? null;
  const send = async (channel: string, text: string) => {
    const line = lines.get(channel);
    if (!line) return;
    await line.dm(text).catch((error: unknown) => log.warn(`could not DM the ${channel} owner: ${errorText(error)}`));
  };

  /** Says a login is back, once per channel and renewed token, whoever notices first (a check, or the login's end). */
  async function tellRestored(channel: string, profile: ProfileView, say: (text: string) => Promise<void>) {
    const told = `${channel}|${dyingKey(profile)}`;
    if (toldRestored.has(told)) return;
    toldRestored.add(told);
    if (toldRestored.size > 200) toldRestored.delete(toldRestored.values().next().value!);
    await say(restoredText(profile)).catch((error: unknown) =>
      log.warn(`could not tell the ${channel} owner: ${errorText(error)}`),
    );
  }

  /** Answers the held messages, oldest first; one that fails for want of a login again is held again. */
  async function answerHeld() {
    const held = queue.take();
    if (held.length > 0) log.info(`answering ${held.length} message(s) held while the login was dead`);
    for (const message of held) {
      await message
        .answer()
        .catch((error: unknown) => log.warn(`could not answer a held message: ${errorText(error)}`));
    }
  }

  async function check() {
    const profiles = options.profiles.profiles(now());
    const dying = dyingLogins(options.config.current(), profiles);
    // With no owner to tell (none configured, or not connected yet), nothing is announced; held messages still wait.
    for (const profile of lines.size > 0 ? dying : []) {
      const key = dyingKey(profile);
      let entry = announced.get(key);
      if (!entry) {
        entry = { profile, channels: new Set() };
        announced.set(key, entry);
        log.info(`${profile.id} ${dyingState(profile)}: telling the channel owners`);
      }
      for (const line of lines.values()) {
        if (entry.channels.has(line.channel) || !line.ready()) continue;
        entry.channels.add(line.channel);
        await send(line.channel, dyingText(profile));
      }
    }
    // Restorations: an announced login usable again and no longer dying.
    let restored = false;
    for (const [key, entry] of [...announced]) {
      const current = profiles.find((p) => p.id === entry.profile.id);
      if (current && dyingKey(current) === key && isDying(current)) continue;
      if (!current || !isUsableStatus(current.status) || isDying(current)) {
        // Gone, or dying anew under another key (announced above): this dying is over without a renewal.
        if (!current || isDying(current)) announced.delete(key);
        continue;
      }
      announced.delete(key);
      restored = true;
      log.info(`${current.id} is renewed`);
      for (const channel of entry.channels) await tellRestored(channel, current, (text) => send(channel, text));
    }
    // Answered outside this chain: the model may take a while, and the owner's DMs must not wait for it.
    if (restored || (dying.length === 0 && queue.size() > 0)) replaying = replaying.then(answerHeld);
  }

  async function loginEnded(progress: LoginProgress, asked: { message: DeskMessage; profileId: string }) {
    const { message, profileId } = asked;
    const profile = profileNow(profileId);
    const name = profile ? loginName(profile) : profileId;
    if (progress.state === 'succeeded') {
      if (profile && isUsableStatus(profile.status) && !isDying(profile)) {
        await tellRestored(message.channel, profile, (text) => message.reply(text));
      } else {
        await message.reply(
          `The ${name} login finished, but ${profileId} is still ${profile ? profile.status : 'unknown'}. Reply "relogin" to try again.`,
        );
      }
      await check();
      return;
    }
    const why = progress.error ? `: ${progress.error}` : '';
    await message.reply(
      `The ${name} login ${progress.state === 'cancelled' ? 'was cancelled' : 'failed'}${why}. Reply "relogin" to try again.`,
    );
  }

  function onProgress(progress: LoginProgress) {
    const asked = pending.get(progress.loginId);
    if (!asked) return;
    if (!asked.codeSent && progress.url && progress.userCode) {
      asked.codeSent = true;
      const profile = profileNow(asked.profileId);
      const text = codeText(
        profile ? loginName(profile) : asked.profileId,
        progress.url,
        progress.userCode,
        progress.expiresAt,
        now(),
      );
      void serial(() => asked.message.reply(text));
    }
    if (progress.state === 'succeeded' || progress.state === 'failed' || progress.state === 'cancelled') {
      pending.delete(progress.loginId);
      void serial(() => loginEnded(progress, asked));
    }
  }

  /** Starts the device login the owner asked for; every outcome is answered in the DM. */
  async function relogin(message: DeskMessage, named: string | undefined) {
    const route = options.config.current();
    const profiles = options.profiles.profiles(now());
    let profileId: string | undefined;
    if (named) {
      if (!agentProfileIds(route, profiles).includes(named)) {
        await message.reply(`${named} is not a login the agent uses. Reply "relogin" to renew the one that died.`);
        return;
      }
      profileId = named;
    } else {
      profileId = dyingLogins(route, profiles)[0]?.id;
      if (!profileId) {
        await message.reply('No login the agent uses needs renewing.');
        return;
      }
    }
    const profile = profiles.find((p) => p.id === profileId);
    const name = profile ? loginName(profile) : profileId;
    const logins = options.logins();
    if (!logins) {
      await message.reply('The login runner is not running yet; try "relogin" again in a minute.');
      return;
    }
    let loginId: string;
    try {
      ({ loginId } = await logins.start(profileId, 'device'));
    } catch (error) {
      await message.reply(`Cannot start a ${name} login from here: ${errorText(error)}`);
      return;
    }
    log.info(`the ${message.channel} owner started a device-code login of ${profileId}`);
    const asked = { message, profileId, codeSent: false };
    pending.set(loginId, asked);
    // A login already running (joined) may have its code already: send it now.
    const view = logins.list().find((v) => v.loginId === loginId);
    if (view) onProgress({ ...view, loginId, profileId, state: view.state });
  }

  return {
    attach(line) {
      lines.set(line.channel, line);
      void serial(check);
      return () => {
        if (lines.get(line.channel) === line) lines.delete(line.channel);
      };
    },
    command(message) {
      const match = COMMAND.exec(message.text.trim());
      const line = lines.get(message.channel);
      if (!match || !message.direct || !line || line.owner !== message.senderId) return false;
      void serial(() => relogin(message, match[1]));
      return true;
    },
    hold(message) {
      const route = options.config.current();
      if (dyingLogins(route, options.profiles.profiles(now())).length === 0) return null;
      for (const dropped of queue.hold(message)) {
        log.info(`dropped a held message of ${dropped.sessionKey}: too many waiting for the login`);
        void dropped
          .tell(`Your earlier message "${preview(dropped.text)}" was dropped: too many are waiting for the login.`)
          .catch((error: unknown) => log.warn(`could not tell a sender: ${errorText(error)}`));
      }
      return HELD_NOTICE;
    },
    start() {
      unsubscribe.push(
        options.profiles.onChanged(() => void serial(check)),
        options.onLoginProgress((progress) => onProgress(progress)),
      );
      timer = setInterval(() => void serial(check), options.checkEveryMs ?? 30_000);
      timer.unref();
      void serial(check);
    },
    async stop() {
      for (const off of unsubscribe.splice(0)) off();
      if (timer) clearInterval(timer);
      timer = null;
      await chain;
      await replaying;
    },
  };
}
