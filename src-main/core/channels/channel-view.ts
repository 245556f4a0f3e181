// The one piece of state every channel shows `channels.status` and the dashboard: its ChannelView,
// changed field by field, with each change announced to the listeners (→ `channels.changed`).
import type { ChannelView } from '../../../src-shared/protocol/index.js';

/** Fields to change; a field given as `undefined` is removed from the view (a QR that expired). */
export type ViewPatch = { [K in keyof ChannelView]?: ChannelView[K] | undefined };

export interface ViewState {
  get(): ChannelView;
  set(patch: ViewPatch): void;
  onStatus(listener: (view: ChannelView) => void): () => void;
}

/** The view a channel starts with: disabled, saying where to enable it when the config has it off. */
export function initialView(id: string, enabled: boolean): ChannelView {
  return { id, enabled, state: 'disabled', detail: enabled ? null : `disabled in config (channels.${id}.enabled)` };
}

export function createViewState(initial: ChannelView): ViewState {
  let view = initial;
  const listeners = new Set<(view: ChannelView) => void>();
  return {
    get: () => view,
    set(patch) {
      const next: Record<string, unknown> = { ...view, ...patch };
      for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
      view = next as unknown as ChannelView;
      for (const listener of listeners) listener(view);
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
