// After the purchase: the operation live, VNF by VNF, until the service is ACTIVE — or a
// readable failure with what the customer can do about it.
import { CheckCircle2, CircleX, ArrowRight, Ban, Trash2 } from 'lucide-react';
import { useLiveService } from '../services/live';
import { Progress } from '../../components/Progress';
import { ServiceStateBadge, VnfStateBadge } from '../../components/StateBadge';
import { navigate } from '../../app/router';
import { api } from '../../lib/transport';
import { useBusyRun } from '../../lib/hooks';

export function OrderProgress(props: { serviceId: string; operationId: string; kind: 'order' | 'update' }) {
  const live = useLiveService(props.serviceId);
  const { busy, run } = useBusyRun();
  const s = live.service;
  if (live.error) return <div className="alert bad">Could not follow the service: {live.error.message}</div>;
  if (!s) return <div className="empty">Loading…</div>;
  const op = s.operation && s.operation.id === props.operationId ? s.operation : null;
  const done = op?.state === 'COMPLETED';
  const failed = op?.state === 'FAILED';
  const rolledBack = op?.state === 'ROLLED_BACK';
  const what = props.kind === 'order' ? 'order' : 'change';

  return (
    <section aria-labelledby="prog-h" className="order-progress">
      <h2 id="prog-h" className="step-title" tabIndex={-1}>
        {done
          ? props.kind === 'order'
            ? 'Your service is active'
            : 'Your service is updated'
          : props.kind === 'order'
            ? 'Setting up your service'
            : 'Updating your service'}
      </h2>
      <div className="panel">
        <div className="panel-head">
          <h3>{s.name}</h3>
          <ServiceStateBadge state={s.state} />
          <span className="grow" />
          <span className="muted small mono">{s.id}</span>
        </div>
        <div className="panel-body">
          {op && (
            <>
              <Progress
                done={op.progress.done}
                total={op.progress.total}
                label={`Progress of the ${what}`}
                tone={failed ? 'bad' : done ? 'ok' : rolledBack ? 'warn' : 'info'}
              />
              <div className="progress-text" data-testid="op-progress">
                {op.state === 'PROCESSING' ? (
                  <>
                    <span className="spinner" /> {op.currentStep ?? 'Starting…'}{' '}
                    <span className="faint">
                      ({op.progress.done} of {op.progress.total} steps)
                    </span>
                  </>
                ) : (
                  <span className="muted">
                    {op.progress.done} of {op.progress.total} steps
                  </span>
                )}
              </div>
            </>
          )}
          <ul className="vnf-progress" aria-label="Virtual network functions">
            {s.chains.flatMap((ch) =>
              ch.vnfs.map((v) => (
                <li key={v.id}>
                  <VnfStateBadge state={v.state} /> <b>{v.hostname}</b> <span className="muted">{v.software}</span>{' '}
                  <span className="faint">
                    {ch.path} path · {ch.podName} ({ch.dcName})
                  </span>
                </li>
              )),
            )}
          </ul>
          {done && s.state === 'ACTIVE' && (
            <div className="alert ok-box" role="status">
              <CheckCircle2 size={18} />
              <div>
                {props.kind === 'order' ? (
                  <>
                    <b>{s.name}</b> is active{s.redundant ? ', with a redundant path in a second data centre' : ''}. Your CPEs connect as soon as they are
                    plugged in.
                  </>
                ) : (
                  <>
                    <b>{s.name}</b> is active and now runs {s.packageName}
                    {s.ips ? ' with intrusion prevention' : ''}
                    {s.redundant ? ', with a redundant path' : ''}.
                  </>
                )}
              </div>
            </div>
          )}
          {failed && (
            <div className="alert bad" role="alert">
              <CircleX size={18} />
              <div>
                <b>The {what} could not be completed.</b> {op?.error?.message ?? ''}
                <div style={{ marginTop: 6 }}>
                  {props.kind === 'order'
                    ? 'Our operators see it and can retry it. You can also cancel the order: everything it holds is released and nothing is charged.'
                    : 'Our operators see it and will retry the change or roll it back.'}
                </div>
              </div>
            </div>
          )}
          {rolledBack && (
            <div className="alert warn" role="status">
              The {what} was cancelled and rolled back{props.kind === 'order' ? ': nothing is charged.' : ': the service is as it was.'}
            </div>
          )}
          <div className="row" style={{ marginTop: 14 }}>
            {op?.state === 'PROCESSING' && s.actions.includes('cancel') && (
              <button className="btn" disabled={busy} onClick={() => void run(`Cancelling the ${what}`, () => api.call('operations.cancel', { id: op.id }))}>
                <Ban size={15} /> Cancel the {what}
              </button>
            )}
            {failed && props.kind === 'order' && s.actions.includes('delete') && (
              <button className="btn danger" disabled={busy} onClick={() => void run('Cancelling the order', () => api.call('services.delete', { id: s.id }))}>
                <Trash2 size={15} /> Cancel the order
              </button>
            )}
            <span className="grow" />
            <button className={`btn${done ? ' primary' : ''}`} onClick={() => navigate(`/my-services/${s.id}`)}>
              Open in My services <ArrowRight size={15} />
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
