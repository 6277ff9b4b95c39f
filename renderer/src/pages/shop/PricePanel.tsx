// The running price beside every step of the shop: monthly and one-off, as the catalog
// prices them; for an update, before → after.
import type { Quote } from '../../../../core/orchestrator/contract';
import { money } from '../../lib/services';

function Lines(props: { lines: Quote['monthly']['lines']; currency: string }) {
  return (
    <table className="price-lines">
      <tbody>
        {props.lines.map((l, i) => (
          <tr key={i}>
            <td>
              {l.label}
              {l.quantity > 1 && (
                <span className="faint">
                  {' '}
                  × {l.quantity} at {money(l.unit, props.currency)}
                </span>
              )}
            </td>
            <td className="num">{money(l.amount, props.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PricePanel(props: {
  quote: Quote | null;
  before: number | null;
  packageName: string | null;
  stale: boolean;
  detail: boolean;
  incomplete: boolean;
}) {
  const q = props.quote;
  return (
    <aside className="panel price-panel" aria-label="Your price" aria-busy={props.stale}>
      <div className="panel-head">
        <h2>Your price</h2>
        {props.stale && <span className="spinner" aria-label="Updating the price" />}
      </div>
      <div className="panel-body">
        {!q ? (
          <p className="muted" style={{ margin: 0 }}>
            {!props.packageName ? 'Choose a service to see its price.' : props.incomplete ? 'The price shows once the marked answers are right.' : 'Pricing…'}
          </p>
        ) : (
          <>
            <div className="price-big" data-testid="price-monthly">
              {money(q.monthly.total, q.currency)}
              <span> / month</span>
            </div>
            {props.before !== null && props.before !== q.monthly.total && (
              <div className="price-before" data-testid="price-before">
                now {money(props.before, q.currency)} / month ({q.monthly.total > props.before ? '+' : '−'}
                {money(Math.abs(q.monthly.total - props.before), q.currency)})
              </div>
            )}
            <div className="price-once" data-testid="price-once">
              {money(q.oneTime.total, q.currency)} <span>{props.before !== null ? 'one-off, for the whole service as if new' : 'one-off'}</span>
            </div>
            {props.detail && (
              <>
                <h3 className="price-h">Monthly</h3>
                <Lines lines={q.monthly.lines} currency={q.currency} />
                <h3 className="price-h">One-off</h3>
                <Lines lines={q.oneTime.lines} currency={q.currency} />
              </>
            )}
            {!q.oneTime.lines.some((l) => l.label.startsWith('CPE')) && (
              <p className="muted small">CPE devices are added once every site has its model and address.</p>
            )}
            <p className="faint small">Prices of catalog version {q.catalogVersion}, without taxes.</p>
          </>
        )}
      </div>
    </aside>
  );
}

export { Lines as PriceLines };
