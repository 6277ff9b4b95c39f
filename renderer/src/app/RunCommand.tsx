// Run any contract command the user may run, with its input as JSON — from the palette.
import { useState } from 'react';
import { Play } from 'lucide-react';
import type { CommandInfo } from '../../../core/system/contract';
import { asApiError } from '../lib/hooks';
import type { CommandName } from '../../../core/api/contract';
import { api } from '../lib/transport';
import { Dialog } from '../components/Dialog';
import { Badge } from '../components/Badge';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  items?: Schema;
  const?: unknown;
};

/** A starting input: the required fields with placeholder values. */
export function skeleton(s: Schema | undefined): unknown {
  if (!s) return {};
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (t) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = skeleton(s.properties?.[k]);
      return out;
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

export function RunCommand(props: { command: CommandInfo; onClose: () => void }) {
  const schema = props.command.inputSchema as Schema;
  const optional = Object.keys(schema.properties ?? {}).filter((k) => !(schema.required ?? []).includes(k));
  const [text, setText] = useState(() => JSON.stringify(skeleton(schema), null, 2));
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function run() {
    let input: unknown;
    try {
      input = JSON.parse(text || '{}');
    } catch (e) {
      setResult({ ok: false, text: `The input is not valid JSON: ${(e as Error).message}` });
      return;
    }
    setPending(true);
    try {
      const out = await api.call(props.command.name as CommandName, input as never);
      setResult({ ok: true, text: JSON.stringify(out, null, 2) });
    } catch (e) {
      const ae = asApiError(e);
      const issues = ae.issues.map((i) => `  ${i.path || '(input)'}: ${i.message}`).join('\n');
      setResult({ ok: false, text: `${ae.code}: ${ae.message}${issues ? '\n' + issues : ''}` });
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      title={props.command.name}
      wide
      onClose={props.onClose}
      footer={
        <>
          <span className="faint" style={{ marginRight: 'auto' }}>
            <span className="kbd">Ctrl</span> <span className="kbd">Enter</span> runs
          </span>
          <button className="btn" onClick={props.onClose}>
            Close
          </button>
          <button className="btn primary" onClick={() => void run()} disabled={pending}>
            {pending ? <span className="spinner" /> : <Play size={15} />} Run
          </button>
        </>
      }
    >
      <div className="row wrap" style={{ marginBottom: 10 }}>
        <span>{props.command.summary}</span>
        {props.command.mutates && <Badge tone="warn">changes state · audited</Badge>}
      </div>
      <label className="field">
        <span>Input (JSON){optional.length ? ` — optional: ${optional.join(', ')}` : ''}</span>
        <textarea
          aria-label="Command input"
          rows={Math.min(14, Math.max(4, text.split('\n').length + 1))}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void run();
            }
          }}
        />
      </label>
      {result && (
        <>
          <div className="row" style={{ margin: '6px 0' }}>
            {result.ok ? <Badge tone="ok">result</Badge> : <Badge tone="bad">error</Badge>}
          </div>
          <pre className="json" data-testid="command-result">
            {result.text}
          </pre>
        </>
      )}
    </Dialog>
  );
}
