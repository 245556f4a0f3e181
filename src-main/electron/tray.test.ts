import path from 'node:path';

import { beforeEach, describe, expect, it } from 'vitest';

import {
  FakeMenu,
  fakeNativeImage,
  FakeTray,
  type FakeImage,
  type FakeMenuItem,
} from '../../test/fixtures/fake-electron.js';
import { providerViews } from '../core/auth/status.js';
import { loginTargets } from '../core/providers/registry.js';

import { trayModel, type TrayAction, type TrayState } from './tray-model.js';
import { menuTemplate, setupTray, trayIconFile } from './tray.js';

const state: TrayState = {
  connection: 'connected',
  profiles: [],
  providers: [],
  logins: [],
  loginTargets: loginTargets(),
  launchAtLogin: true,
};

function makeTray(platform: NodeJS.Platform) {
  const actions: TrayAction[] = [];
  const clicks: unknown[] = [];
  // The fakes stand in for Electron's classes; the real signatures are checked by tsc in tray.ts.
  const handle = setupTray({
    Tray: FakeTray as never,
    Menu: FakeMenu as never,
    nativeImage: fakeNativeImage as never,
    assetsDir: '/app/assets',
    platform,
    onAction: (a) => actions.push(a),
    onClick: (b) => clicks.push(b),
  });
  return { handle, actions, clicks, tray: FakeTray.instances.at(-1)! };
}

describe('tray', () => {
  beforeEach(() => {
    FakeTray.instances = [];
  });

  it('names template icons on macOS and light icons elsewhere, for every state', () => {
    expect(trayIconFile('/a', 'ok', 'darwin')).toBe(path.join('/a', 'trayOkTemplate.png'));
    expect(trayIconFile('/a', 'expiring', 'darwin')).toBe(path.join('/a', 'trayExpiringTemplate.png'));
    expect(trayIconFile('/a', 'expired', 'linux')).toBe(path.join('/a', 'trayExpiredLight.png'));
  });

  it('turns the model into a menu whose clicks report their action', () => {
    const actions: TrayAction[] = [];
    const template = menuTemplate(trayModel(state, 0).menu, (a) => actions.push(a)) as FakeMenuItem[];
    const quit = template.find((i) => i.label === 'Quit clawbar');
    const launch = template.find((i) => i.label === 'Launch at Login');
    expect(launch).toMatchObject({ type: 'checkbox', checked: true });
    quit?.click?.();
    launch?.click?.();
    expect(actions).toEqual([{ kind: 'quit' }, { kind: 'toggle-launch-at-login' }]);
    expect(template.find((i) => i.label?.startsWith('No logins'))).toMatchObject({ enabled: false });
  });

  it('on macOS: template image, countdown title, left click for the popover, right click for the menu', () => {
    const { handle, clicks, tray } = makeTray('darwin');
    const profiles = [
      {
        id: 'openai-codex:codex-cli',
        provider: 'openai-codex',
        type: 'oauth' as const,
        source: 'codex-cli',
        status: 'expiring' as const,
        expiresAt: new Date(3 * 3_600_000 + 60_000).toISOString(),
        remainingMs: null,
        refreshable: true,
        relogin: false,
        detail: null,
      },
    ];
    const expiring = { ...state, profiles, providers: providerViews(profiles, {}) };
    handle.apply(trayModel(expiring, 0));
    expect((tray.image as FakeImage).path).toBe(path.join('/app/assets', 'trayExpiringTemplate.png'));
    expect((tray.image as FakeImage).template).toBe(true);
    expect(tray.title).toBe('3h');
    expect(tray.tooltip).toBe('clawbar — Codex works · login expires in 3h 1m');
    expect(tray.contextMenu).toBeNull();

    tray.emit('click', {}, { x: 1, y: 2, width: 3, height: 4 });
    expect(clicks).toEqual([{ x: 1, y: 2, width: 3, height: 4 }]);
    tray.emit('right-click');
    expect(tray.poppedUp).toHaveLength(1);
    handle.destroy();
    expect(tray.destroyed).toBe(true);
  });

  it('on Linux: the menu is attached to the icon (panels deliver no clicks) and there is no title', () => {
    const { handle, tray } = makeTray('linux');
    handle.apply(trayModel(state, 0));
    expect(tray.contextMenu).not.toBeNull();
    expect(tray.title).toBe('');
    expect((tray.image as FakeImage).path).toBe(path.join('/app/assets', 'trayOkLight.png'));
  });
});
