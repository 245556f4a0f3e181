// Token use from Codex CLI rollout files ($CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl and
// archived_sessions/), in the line format docs/cli-logs.md records from Codex's source and from
// files the real CLI (0.169) wrote:
//   {"timestamp":"…","type":"turn_context","payload":{"model":"gpt-5.2",…}}
//   {"timestamp":"…","type":"token_usage_record","payload":{"usage":{…},"thread_token_usage":{…},…}}   (newer)
//   {"timestamp":"…","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{…},"last_token_usage":{…}}|null,…}}
//
// Each response is counted once, from its own usage (`usage` / `last_token_usage`). The session's
// cumulative total serves only to drop repeats: a line whose total equals the last one counted is
// the same response again (Codex writes both record kinds for one response, and re-sends
// token_count when only rate limits changed). Counting own usage rather than the rise of the total
// keeps a fork from counting its parent: a forked session's totals start at the parent's.
import {
  isObject,
  lineTime,
  parseObject,
  tokenCount,
  type EmitUsage,
  type LogParser,
  type TokenCounts,
} from './types.js';

interface CodexState {
  model: string | null;
  /** The cumulative total last counted: input, cached, output, reasoning, total. */
  total: number[] | null;
}

type Usage = Record<string, unknown> | null | undefined;

const totalOf = (u: Usage): number[] => [
  tokenCount(u?.input_tokens),
  tokenCount(u?.cached_input_tokens),
  tokenCount(u?.output_tokens),
  tokenCount(u?.reasoning_output_tokens),
  tokenCount(u?.total_tokens),
];

function countsOf(u: Usage): TokenCounts {
  return {
    input: tokenCount(u?.input_tokens),
    cached: tokenCount(u?.cached_input_tokens),
    cacheWrite: tokenCount(u?.cache_write_input_tokens),
    output: tokenCount(u?.output_tokens),
    reasoning: tokenCount(u?.reasoning_output_tokens),
    requests: 1,
  };
}

function restore(previous: unknown): CodexState {
  if (isObject(previous)) {
    const model = typeof previous.model === 'string' ? previous.model : null;
    const total = Array.isArray(previous.total) && previous.total.length === 5 ? previous.total.map(tokenCount) : null;
    return { model, total };
  }
  return { model: null, total: null };
}

export function createCodexParser(previous: unknown, emit: EmitUsage): LogParser {
  const state = restore(previous);

  function count(at: number, total: number[], usage: Usage): void {
    if (state.total && total.every((n, i) => n === state.total![i])) return;
    state.total = total;
    const counts = countsOf(usage);
    if (counts.input + counts.output === 0) return;
    emit(at, state.model ?? 'unknown', counts);
  }

  return {
    markers: ['"turn_context"', '"token_count"', '"token_usage_record"'],
    line(text) {
      const line = parseObject(text);
      if (!line || !isObject(line.payload)) return;
      const payload = line.payload;
      if (line.type === 'turn_context') {
        if (typeof payload.model === 'string' && payload.model.length > 0 && payload.model.length <= 200) {
          state.model = payload.model;
        }
        return;
      }
      const at = lineTime(line);
      if (!Number.isFinite(at)) return;
      if (line.type === 'token_usage_record' && isObject(payload.usage)) {
        count(at, totalOf(payload.thread_token_usage as Usage), payload.usage);
      } else if (line.type === 'event_msg' && payload.type === 'token_count' && isObject(payload.info)) {
        const info = payload.info;
        if (isObject(info.last_token_usage)) count(at, totalOf(info.total_token_usage as Usage), info.last_token_usage);
      }
    },
    state: () => ({ model: state.model, total: state.total }),
  };
}
