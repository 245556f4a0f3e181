import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createFakeWhatsApp, type FakeWhatsApp } from '../../../test/fixtures/fake-whatsapp.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { getLogSinks, setLogSinks } from '../../core/log/logger.js';

import { loginWhatsApp } from './channels-login.js';

const OWNER = '15550100001';
const QR = '2@Zm9vYmFyYmF6cXV4LXBhaXJpbmctcmVm,bm9pc2Uta2V5,aWRlbnRpdHk=,YWR2';

let home: TempHome;
let wa: FakeWhatsApp;
const savedSinks = getLogSinks();
beforeEach(() => {
  home = makeTempHome();
  wa = createFakeWhatsApp();
  setLogSinks([]);
});
afterEach(() => {
  setLogSinks(savedSinks);
  home.cleanup();
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('clawbar channels login whatsapp', () => {
  it('prints the QR code in the terminal until the phone scans it, then says which number is linked', async () => {
    let out = '';
    const done = loginWhatsApp({ env: home.env, out: { write: (t: string) => (out += t) }, socketFactory: wa.factory });
    await wa.waitForSockets(1);
    wa.showQr(QR);
    await until(() => out.includes('Linked devices'), 'the QR code on the terminal');
    expect(out).toMatch(/\n█{20,}\n/);
    wa.scan(OWNER);
    await wa.waitForSockets(2);
    wa.open();
    await expect(done).resolves.toBe(`+${OWNER}`);
    expect(out).toContain(`linked WhatsApp as +${OWNER}\n`);
    expect(out).toContain('"whatsapp": {"enabled": true}');
    // The link is made; the socket is closed again (the gateway takes over).
    expect(wa.sockets.every((s) => s.ended)).toBe(true);

    let again = '';
    await loginWhatsApp({ env: home.env, out: { write: (t: string) => (again += t) }, socketFactory: wa.factory });
    expect(again).toMatch(new RegExp(`^WhatsApp is already linked as \\+${OWNER}`));
    expect(wa.sockets).toHaveLength(2);
  });

  it('fails in one line when the QR codes run out', async () => {
    const done = loginWhatsApp({ env: home.env, out: { write: () => undefined }, socketFactory: wa.factory });
    await wa.waitForSockets(1);
    wa.close(408, 'QR refs attempts ended');
    await expect(done).rejects.toThrow(
      'WhatsApp was not linked: the QR code expired before the phone scanned it — try again',
    );
  });
});
