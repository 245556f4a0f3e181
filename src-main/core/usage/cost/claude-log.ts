// Token use from Claude Code project logs ($CLAUDE_CONFIG_DIR/projects/<project>/<session>.jsonl,
// and subagents' logs beneath), in the line format docs/cli-logs.md records from the real CLI
// (2.1.197) and Anthropic's Messages usage fields:
//   {"type":"assistant","timestamp":"…","requestId":"req_…","message":{"id":"msg_…","model":"claude-…",
//    "usage":{"input_tokens":…,"cache_creation_input_tokens":…,"cache_read_input_tokens":…,"output_tokens":…}}}
//
// Claude Code writes one line per content block of a response (thinking, text, each tool use), each
// carrying the response's usage: consecutive lines with the same message id and request id are one
// response, counted once (by the largest value seen of each field, as early lines of a streamed
// response may carry partial output counts). Lines of model `<synthetic>` are Claude Code's own
// error notes, not model responses.
import {
  isObject,
  lineTime,
  parseObject,
  tokenCount,
  type EmitUsage,
  type LogParser,
  type TokenCounts,
} from './types.js';

interface ClaudeState {
  /** `message.id:requestId` of the last response counted, and what was counted for it. */
  key: string | null;
  counted: TokenCounts | null;
}

const FIELDS = ['input', 'cached', 'cacheWrite', 'output', 'reasoning'] as const;

function restore(previous: unknown): ClaudeState {
  if (isObject(previous) && typeof previous.key === 'string' && isObject(previous.counted)) {
    const c = previous.counted;
    return {
      key: previous.key,
      counted: {
        input: tokenCount(c.input),
        cached: tokenCount(c.cached),
        cacheWrite: tokenCount(c.cacheWrite),
        output: tokenCount(c.output),
        reasoning: tokenCount(c.reasoning),
        requests: 1,
      },
    };
  }
  return { key: null, counted: null };
}

export function createClaudeParser(previous: unknown, emit: EmitUsage): LogParser {
  const state = restore(previous);
  return {
    markers: ['"usage"'],
    line(text) {
      const line = parseObject(text);
      if (!line || line.type !== 'assistant' || !isObject(line.message)) return;
      const message = line.message;
      const usage = message.usage;
      const model = message.model;
      if (!isObject(usage) || typeof model !== 'string' || model.length === 0 || model.length > 200) return;
      if (model === '<synthetic>') return;
      const at = lineTime(line);
      if (!Number.isFinite(at)) return;

      const cacheRead = tokenCount(usage.cache_read_input_tokens);
      const cacheWrite = tokenCount(usage.cache_creation_input_tokens);
      const counts: TokenCounts = {
        // Anthropic's input_tokens excludes the cached parts; ours includes them.
        input: tokenCount(usage.input_tokens) + cacheRead + cacheWrite,
        cached: cacheRead,
        cacheWrite,
        output: tokenCount(usage.output_tokens),
        reasoning: 0,
        requests: 1,
      };
      const key = `${typeof message.id === 'string' ? message.id : ''}:${typeof line.requestId === 'string' ? line.requestId : ''}`;
      if (key !== ':' && key === state.key && state.counted) {
        // Another block of the response already counted: only what it adds.
        const delta: TokenCounts = { input: 0, cached: 0, cacheWrite: 0, output: 0, reasoning: 0, requests: 0 };
        for (const field of FIELDS) {
          delta[field] = Math.max(0, counts[field] - state.counted[field]);
          state.counted[field] = Math.max(counts[field], state.counted[field]);
        }
        if (delta.input + delta.output > 0) emit(at, model, delta);
        return;
      }
      state.key = key;
      state.counted = counts;
      emit(at, model, counts);
    },
    state: () => ({ key: state.key, counted: state.counted }),
  };
}
