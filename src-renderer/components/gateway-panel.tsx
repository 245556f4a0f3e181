import { formatDuration } from '../../src-shared/format';
import { type ChannelView, type GatewayInfo } from '../../src-shared/protocol/index';
import { useNow } from '../lib/use-now';

const CHANNEL_NAMES: Record<string, string> = { discord: 'Discord' };

function channelText(channel: ChannelView): string {
  switch (channel.state) {
    case 'connected':
      return `connected as ${channel.botTag ?? channel.botUserId ?? 'bot'}`;
    case 'connecting':
      return 'connecting…';
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
}

/** The gateway process, the agent's model and each channel, one line each. */
export function GatewayPanel({ gateway, channels, connected, compact = false }: GatewayPanelProps) {
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
        ...channels.map((channel) => ({
          key: `channel-${channel.id}`,
          label: CHANNEL_NAMES[channel.id] ?? channel.id,
          value: channelText(channel),
          state: channel.state,
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
    </section>
  );
}
