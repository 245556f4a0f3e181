import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { qrModules } from '../../src-shared/qr-code';
import { freezeClockAt } from '../renderer.test-helper';

import { GatewayPanel } from './gateway-panel';

import type { ChannelView, GatewayInfo } from '../../src-shared/protocol/index';

const NOW = Date.parse('2026-11-25T12:00:00Z');
freezeClockAt(NOW);

const gateway: GatewayInfo = {
  name: 'clawbar',
  version: '0.1.0',
  pid: 4242,
  port: 18789,
  startedAt: new Date(NOW - 60_000).toISOString(),
  agentModel: 'openai-codex/gpt-5.2',
};
const QR = '2@Zm9vYmFy,bm9pc2U=,aWRlbnRpdHk=,YWR2';

describe('GatewayPanel channels', () => {
  it('draws the WhatsApp pairing QR code while pairing', () => {
    const whatsapp: ChannelView = { id: 'whatsapp', enabled: true, state: 'pairing', detail: null, qr: QR };
    const { container } = render(<GatewayPanel gateway={gateway} channels={[whatsapp]} connected />);
    expect(screen.getByText('waiting for the phone to scan the QR code')).toBeTruthy();
    const svg = screen.getByRole('img', { name: 'WhatsApp pairing QR code' });
    const size = qrModules(QR).length;
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${size} ${size}`);
    expect(container.querySelector('.channel-qr path')?.getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
  });

  it('offers Re-link for a logged-out WhatsApp device and nothing for Slack’s tokens', () => {
    const onLink = vi.fn();
    const channels: ChannelView[] = [
      {
        id: 'slack',
        enabled: true,
        state: 'error',
        detail: 'Slack rejected the app token (token_revoked)',
        credentials: [
          { id: 'slack:bot', status: 'static', source: 'keychain', detail: null },
          { id: 'slack:app', status: 'expired', source: 'keychain', detail: 'rejected by Slack' },
        ],
      },
      {
        id: 'whatsapp',
        enabled: true,
        state: 'error',
        detail: 'WhatsApp logged this device out',
        credentials: [
          { id: 'whatsapp:+15550100001', status: 'expired', source: 'device', detail: 'logged out by WhatsApp' },
        ],
      },
    ];
    const { container } = render(
      <GatewayPanel gateway={gateway} channels={channels} connected onLinkChannel={onLink} />,
    );
    expect(container.querySelector('[data-row="channel-slack"]')?.textContent).toBe(
      'Slackerror: Slack rejected the app token (token_revoked)',
    );
    expect(container.querySelector('[data-row="channel-slack"] .dot-error')).toBeTruthy();
    // Slack's tokens are fixed with `clawbar secrets set`; only WhatsApp has a link to remake.
    expect(screen.queryByRole('button', { name: /Slack/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Re-link WhatsApp' }));
    expect(onLink).toHaveBeenCalledWith('whatsapp');
  });
});
