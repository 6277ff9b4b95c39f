// The drop-downs that narrow a list: the first choice ("Every tenant", "Any state") keeps
// everything and has the value ''.
import { useCommand } from '../lib/hooks';

/** A choice: a value shown as itself, or a value with its label. */
export type Choice<V extends string> = V | { value: V; label: string };

export function FilterSelect<V extends string>(props: {
  /** The accessible name, e.g. "Tenant". */
  label: string;
  /** The first choice, the one that keeps everything, e.g. "Every tenant". */
  all: string;
  value: V | '';
  onChange: (value: V | '') => void;
  choices: readonly Choice<V>[] | undefined;
}) {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value as V | '')}>
      <option value="">{props.all}</option>
      {props.choices?.map((c) => {
        const { value, label } = typeof c === 'string' ? { value: c, label: c } : c;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
}

/** Every tenant, or one of them by name. */
export function TenantFilter(props: { value: string; onChange: (tenantId: string) => void }) {
  const tenants = useCommand('tenants.list', {});
  return (
    <FilterSelect
      label="Tenant"
      all="Every tenant"
      value={props.value}
      onChange={props.onChange}
      choices={tenants.data?.tenants.map((t) => ({ value: t.id, label: t.name }))}
    />
  );
}
