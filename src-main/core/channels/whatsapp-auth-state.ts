// The linked WhatsApp device's state under `$CLAWBAR_HOME/whatsapp`: Baileys' credentials
// (`creds.json`) and Signal keys (one file per key), written the way clawbar writes every file —
// atomically, 0600 in a 0700 folder — unlike Baileys' own useMultiFileAuthState, which writes in
// place with the default mode. `account.json` remembers which number was linked, so a device the
// phone logged out still shows as `whatsapp:+<number>` (expired) after its keys are gone.
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { errorMessage } from '../../../src-shared/error-message.js';
import { ensurePrivateDir, writeFileAtomic, writeJsonAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';

import type { AuthenticationCreds, AuthenticationState, SignalDataTypeMap } from '@whiskeysockets/baileys';

const accountSchema = z.object({ number: z.string().regex(/^\d{5,20}$/), loggedOut: z.boolean() });

export type WhatsAppAccount = z.infer<typeof accountSchema>;

export interface WhatsAppAuthStore {
  /** Baileys' state for makeWASocket (fresh credentials when nothing is saved). */
  state: AuthenticationState;
  /** Writes `creds.json` (on every `creds.update`). */
  saveCreds(): Promise<void>;
  /** True when the credentials belong to a linked device (the phone accepted the QR code). */
  isLinked(): boolean;
  /** The number last linked, and whether WhatsApp has logged that device out since. */
  account(): Promise<WhatsAppAccount | null>;
  setAccount(account: WhatsAppAccount): Promise<void>;
  /** Deletes the device's credentials and keys (after a logout, before a new link); keeps account.json. */
  clear(): Promise<void>;
  /** Resolves once every write asked for so far is on disk (the channel's stop waits for it). */
  flush(): Promise<void>;
}

/** The digits of a WhatsApp id: `15550100000:12@s.whatsapp.net` → `15550100000`. */
export function numberOfJid(jid: string | null | undefined): string | null {
  const user = /^(\d{5,20})(?::\d+)?@s\.whatsapp\.net$/.exec(jid ?? '')?.[1];
  return user ?? null;
}

/** Loads (or starts) the device state in `dir`. Imports Baileys for its key helpers. */
export async function loadWhatsAppAuthState(dir: string): Promise<WhatsAppAuthStore> {
  const { BufferJSON, initAuthCreds, proto } = await import('@whiskeysockets/baileys');
  await ensurePrivateDir(dir);
  // Ids come from the network (JIDs, group ids): base64url keeps any of them inside `dir`.
  const keyFile = (type: string, id: string) => {
    if (!/^[a-z-]+$/.test(type)) throw new Error(`unexpected WhatsApp key type ${JSON.stringify(type)}`);
    return path.join(dir, `${type}-${Buffer.from(id).toString('base64url')}.json`);
  };
  // Writes to one file go out in the order they were asked for.
  const queues = new Map<string, Promise<void>>();
  const serial = (file: string, work: () => Promise<void>): Promise<void> => {
    const next = (queues.get(file) ?? Promise.resolve()).then(work, work);
    queues.set(file, next);
    void next.finally(() => queues.get(file) === next && queues.delete(file)).catch(() => undefined);
    return next;
  };
  const readJson = async (file: string): Promise<unknown> => {
    const text = await readOwnFile(file);
    return text === null ? null : (JSON.parse(text, BufferJSON.reviver) as unknown);
  };
  const writeJson = (file: string, value: unknown) =>
    serial(file, () => writeFileAtomic(file, JSON.stringify(value, BufferJSON.replacer)));
  const remove = (file: string) => serial(file, () => fs.rm(file, { force: true }));

  const credsFile = path.join(dir, 'creds.json');
  const accountFile = path.join(dir, 'account.json');
  let creds: AuthenticationCreds;
  try {
    creds = ((await readJson(credsFile)) as AuthenticationCreds | null) ?? initAuthCreds();
  } catch (error) {
    throw new Error(`cannot read ${credsFile}: ${errorMessage(error)}`);
  }

  const state: AuthenticationState = {
    creds,
    keys: {
      get: async (type, ids) => {
        const found: { [id: string]: SignalDataTypeMap[typeof type] } = {};
        await Promise.all(
          ids.map(async (id) => {
            let value = (await readJson(keyFile(type, id)).catch(() => null)) as unknown;
            if (type === 'app-state-sync-key' && value) {
              value = proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>);
            }
            if (value !== null) found[id] = value as SignalDataTypeMap[typeof type];
          }),
        );
        return found;
      },
      set: async (data) => {
        const tasks: Promise<void>[] = [];
        for (const [type, entries] of Object.entries(data)) {
          for (const [id, value] of Object.entries(entries ?? {})) {
            const file = keyFile(type, id);
            tasks.push(value ? writeJson(file, value) : remove(file));
          }
        }
        await Promise.all(tasks);
      },
    },
  };

  return {
    state,
    saveCreds: () => writeJson(credsFile, state.creds),
    isLinked: () => Boolean(state.creds.me?.id),
    async account() {
      try {
        const parsed = accountSchema.safeParse(JSON.parse((await readOwnFile(accountFile)) ?? 'null'));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    setAccount: (account) => serial(accountFile, () => writeJsonAtomic(accountFile, account)),
    async flush() {
      await Promise.allSettled([...queues.values()]);
    },
    async clear() {
      await Promise.allSettled([...queues.values()]);
      for (const name of await fs.readdir(dir)) {
        if (name !== 'account.json' && name.endsWith('.json')) await fs.rm(path.join(dir, name), { force: true });
      }
      state.creds = initAuthCreds();
    },
  };
}
