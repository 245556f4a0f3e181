// A problem in one short human sentence (ProfileView.summary, or a usage error worded by
// src-shared/problem-text), with the raw words behind a disclosure: the card stays readable, and
// what the server or the CLI said is one click away (and in the log).
export interface ProblemTextProps {
  summary: string;
  /** The raw text; shown only when it says more than the summary. */
  detail?: string | null;
  className?: string;
}

export function ProblemText({ summary, detail, className }: ProblemTextProps) {
  const extra = detail && detail.trim() !== summary ? detail : null;
  return (
    <div className={className ? `problem ${className}` : 'problem'}>
      <p className="problem-summary">{summary}</p>
      {extra ? (
        <details className="problem-detail">
          <summary>Details</summary>
          <code>{extra}</code>
        </details>
      ) : null}
    </div>
  );
}
