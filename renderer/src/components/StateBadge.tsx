// The states of services, their health, operations and VNFs, in one colour language.
import type { Health, OpState, ServiceState, VnfState } from '../../../core/orchestrator/contract';
import { HEALTH_TONE, OP_TONE, SERVICE_TONE, VNF_TONE } from '../lib/services';
import { Badge } from './Badge';

const WORDS: Record<string, string> = {
  PROVISIONING: 'Provisioning',
  ACTIVE: 'Active',
  UPDATING: 'Updating',
  DELETING: 'Deleting',
  FAILED: 'Failed',
  DELETED: 'Deleted',
  OK: 'OK',
  DEGRADED: 'Degraded',
  DOWN: 'Down',
  UNKNOWN: 'Unknown',
  PROCESSING: 'Processing',
  COMPLETED: 'Completed',
  ROLLED_BACK: 'Rolled back',
  PLANNED: 'Planned',
  BUILD: 'Booting',
  ERROR: 'Error',
};

/** The word shown, with the exact state kept in the title and in data-state for scripts. */
function StateWord(props: { state: string; tone: Parameters<typeof Badge>[0]['tone']; prefix?: string }) {
  return (
    <span data-state={props.state}>
      <Badge tone={props.tone} title={props.state}>
        {props.prefix ? `${props.prefix} ` : ''}
        {WORDS[props.state] ?? props.state}
      </Badge>
    </span>
  );
}

export const ServiceStateBadge = (p: { state: ServiceState }) => <StateWord state={p.state} tone={SERVICE_TONE[p.state]} />;
export const HealthBadge = (p: { health: Health }) => (
  <StateWord state={p.health} tone={HEALTH_TONE[p.health]} prefix={p.health === 'UNKNOWN' ? 'Health' : undefined} />
);
export const OpStateBadge = (p: { state: OpState }) => <StateWord state={p.state} tone={OP_TONE[p.state]} />;
export const VnfStateBadge = (p: { state: VnfState }) => <StateWord state={p.state} tone={VNF_TONE[p.state]} />;
