// A Copy button for a short text (a one-time code, a link). The async Clipboard API where the page
// has it (a loopback page is a secure context; the Electron shell grants the page only the write,
// window-options.ts); elsewhere — a dashboard reached over plain http on another address — the
// older copy command, and failing both the button says so, so the reader copies by hand.
import { useState } from 'react';

async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no user gesture, no permission): try the copy command below.
  }
  return copyWithCommand(text);
}

/** The pre-Clipboard-API way: copy a selected, off-screen text field. */
function copyWithCommand(text: string): boolean {
  if (typeof document.execCommand !== 'function') return false;
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  document.body.append(field);
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    field.remove();
  }
}

export interface CopyButtonProps {
  text: string;
  /** The button's words before a copy, e.g. `Copy code`. */
  label: string;
  disabled?: boolean;
}

/** `label` → `Copied` (or `Copy failed`) until the text changes. */
export function CopyButton({ text, label, disabled = false }: CopyButtonProps) {
  // The outcome belongs to the text it copied: a new code shows `label` again.
  const [outcome, setOutcome] = useState<{ text: string; ok: boolean } | null>(null);
  const state = outcome?.text !== text ? 'idle' : outcome.ok ? 'copied' : 'failed';
  return (
    <button
      type="button"
      className="button button-small"
      disabled={disabled}
      onClick={() => void writeClipboard(text).then((ok) => setOutcome({ text, ok }))}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
