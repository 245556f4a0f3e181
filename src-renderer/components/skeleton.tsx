/** Placeholders with the size of the real cards, so nothing jumps when the snapshot arrives. */
export function ProviderSkeleton({ cards = 1 }: { cards?: number }) {
  return (
    <section className="provider skeleton-provider" aria-hidden="true">
      <header className="provider-head">
        <span className="skeleton skeleton-title" />
      </header>
      <div className="usage">
        <ul className="usage-list">
          {[0, 1].map((i) => (
            <li className="usage-row" key={i}>
              <span className="skeleton skeleton-text" />
            </li>
          ))}
        </ul>
      </div>
      <div className="cards">
        {Array.from({ length: cards }, (_, i) => (
          <div className="card card-skeleton" key={i}>
            <span className="skeleton skeleton-text wide" />
            <span className="skeleton skeleton-text" />
          </div>
        ))}
      </div>
    </section>
  );
}
