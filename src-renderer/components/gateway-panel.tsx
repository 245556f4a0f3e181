import { formatDuration } from '../../src-shared/format';
import { type ChannelView, type GatewayInfo } from '../../src-shared/protocol/index';
import { qrSvgPath } from '../../src-shared/qr-code';
import { useNow } from '../lib/use-now';

const CHANNEL_NAMES: Record<string, string> = { discord: 'Discord', slack: 'Slack', whatsapp: 'WhatsApp' };

/** The WhatsApp pairing code, drawn from its text (it rotates about every 20 s). */
function PairingQr({ channel }: { channel: ChannelView & { qr: string } }) {
  const { size, path } = qrSvgPath(channel.qr);
  return (
    <figure className="channel-qr" data-channel={channel.id}>
      <svg
        viewBox={`0 0 ${size} ${size}`}
        role="img"
        aria-label={`${CHANNEL_NAMES[channel.id] ?? channel.id} pairing QR code`}
      >
        <rect width={size} height={size} fill="#fff" />
        <path d={path} fill="#000" />
      </svg>
      <figcaption>Scan it in WhatsApp: Settings → Linked devices → Link a device.</figcaption>
    </figure>
  );
}

function channelText(channel: ChannelView): string {
  switch (channel.state) {
    case 'connected':
      return `connected as ${channel.botTag ?? channel.botUserId ?? 'bot'}`;
    case 'connecting':
      return 'connecting…';
    case 'pairing':
      return channel.qr ? 'waiting for the phone to scan the QR code' : 'preparing the QR code…';
    case 'disabled':
      return 'disabled';
    case 'error':
      return `error${channel.detail ? `: ${channel.detail}` : ''}`;
  }
}

export interface GatewayPanelProps {
  gateway: GatewayInfo | null;
  channels: ChannelView[];
  connected: boolean;
  compact?: boolean;
  /** Starts linking a channel (WhatsApp's QR pairing) through `channels.link`. */
  onLinkChannel?: (id: string) => void;
}

/** The gateway process, the agent's model and each channel, one line each. */
export function GatewayPanel({ gateway, channels, connected, compact = false, onLinkChannel }: GatewayPanelProps) {
  const now = useNow();
  const rows: { key: string; label: string; value: string; state?: string }[] = gateway
    ? [
        {
          key: 'gateway',
          label: 'Gateway',
          value: connected ? `running on :${gateway.port}` : 'not reachable',
          state: connected ? 'connected' : 'error',
        },
        ...(compact || !connected
          ? []
          : [
              {
                key: 'process',
                label: 'Process',
                value: `PID ${gateway.pid} · up ${formatDuration(now - Date.parse(gateway.startedAt))}`,
              },
            ]),
        { key: 'model', label: 'Agent model', value: gateway.agentModel },
        // The channels' credentials show as profiles (slack:bot, whatsapp:+…) with all the others.
        ...channels.map((channel) => ({
          key: `channel-${channel.id}`,
          label: CHANNEL_NAMES[channel.id] ?? channel.id,
          value: channelText(channel),
          state: channel.state === 'pairing' ? 'connecting' : channel.state,
        })),
        ...(compact ? [] : [{ key: 'version', label: 'Version', value: `${gateway.name} ${gateway.version}` }]),
      ]
    : [];
  return (
    <section className={`panel gateway-panel${compact ? ' compact' : ''}`} aria-label="Gateway and channels">
      {compact ? null : <h2 className="panel-title">Gateway</h2>}
      <dl className="kv">
        {gateway
          ? rows.map((row) => (
              <div className="kv-row" key={row.key} data-row={row.key}>
                <dt>{row.label}</dt>
                <dd>
                  {row.state ? <span className={`dot dot-${row.state}`} aria-hidden="true" /> : null}
                  {row.value}
                </dd>
              </div>
            ))
          : [0, 1, 2].map((i) => (
              <div className="kv-row" key={i} aria-hidden="true">
                <dt>
                  <span className="skeleton skeleton-text" />
                </dt>
                <dd>
                  <span className="skeleton skeleton-text wide" />
                </dd>
              </div>
            ))}
      </dl>
      {connected
        ? channels.map((channel) => {
            if (channel.state === 'pairing' && channel.qr)
              return <PairingQr key={channel.id} channel={{ ...channel, qr: channel.qr }} />;
            const unlinked = channel.credentials?.some((c) => c.source === 'device' && c.status !== 'ok');
            if (!onLinkChannel || !channel.enabled || channel.state !== 'error' || !unlinked) return null;
            const relink = channel.credentials?.some((c) => c.status === 'expired');
            const name = CHANNEL_NAMES[channel.id] ?? channel.id;
            return (
              <button
                key={channel.id}
                type="button"
                className="button button-small channel-link"
                onClick={() => onLinkChannel(channel.id)}
              >
                {relink ? `Re-link ${name}` : `Link ${name}`}
              </button>
            );
          })
        : null}
    </section>
  );
}
