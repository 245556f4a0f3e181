// whatsapp: the WhatsApp channel's link, one profile per linked number (`whatsapp:+<number>`),
// reported by the channel: `ok` while linked, `expired` once WhatsApp logs the device out. It is
// linked again with `channels.link` (a fresh QR), not by the login runner.
import type { ProviderDescriptor } from './types.js';

export const whatsapp: ProviderDescriptor = {
  id: 'whatsapp',
  displayName: 'WhatsApp',
  shortName: 'WhatsApp',
  profiles: [],
  relink: { channel: 'whatsapp', command: 'clawbar channels login whatsapp' },
};
