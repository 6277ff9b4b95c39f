// What every colour, mark and line means.
import { X } from 'lucide-react';
import { NODE_STATES } from '../../../core/topology/contract';
import { BADGE_MARK } from './paint';
import { STATE_MEANING } from './palette';

export function Legend(props: { view: 'infrastructure' | 'service'; onClose(): void }) {
  return (
    <div className="topo-legend panel" role="region" aria-label="Legend">
      <div className="panel-head">
        <h3 className="grow">Legend</h3>
        <button className="btn ghost small icon" aria-label="Close legend" onClick={props.onClose}>
          <X size={15} />
        </button>
      </div>
      <div className="panel-body">
        <div className="legend-title">States (fill and stripe)</div>
        {NODE_STATES.map((s) => (
          <div key={s} className="legend-row">
            <span className={`legend-tile s-${s}`} />
            <b>{s}</b> <span className="muted">{STATE_MEANING[s]}</span>
          </div>
        ))}
        <div className="legend-title">Marks</div>
        {Object.entries(BADGE_MARK).map(([k, m]) => (
          <div key={k} className="legend-row">
            <span className={`legend-badge b-${k}`}>{m.glyph}</span>
            <b>{k}</b> <span className="muted">{m.meaning}</span>
          </div>
        ))}
        <div className="legend-row">
          <span className="legend-ring pulse" /> <span className="muted">a ring pulses where a state just changed</span>
        </div>
        <div className="legend-row">
          <span className="legend-ring sel" /> <span className="muted">selected · dashed: keyboard focus</span>
        </div>
        {props.view === 'infrastructure' ? (
          <>
            <div className="legend-title">Groups</div>
            <div className="legend-row muted">
              Data centre › PoD › control / compute / storage servers › VNF tiles. A collapsed group shows a bar of the states inside. Double-click, Space or
              “c” collapses and expands.
            </div>
            <div className="legend-row">
              <span className="legend-line active" /> <span className="muted">the chain of the selected VNF’s service; dashed: its redundant path</span>
            </div>
          </>
        ) : (
          <>
            <div className="legend-title">Lines</div>
            <div className="legend-row">
              <span className="legend-line active" /> <span className="muted">carries traffic now</span>
            </div>
            <div className="legend-row">
              <span className="legend-line primary" /> <span className="muted">primary path, idle</span>
            </div>
            <div className="legend-row">
              <span className="legend-line redundant" /> <span className="muted">redundant path (dashed), idle</span>
            </div>
            <div className="legend-row">
              <span className="legend-line down" /> <span className="muted">down</span>
            </div>
            <div className="legend-row">
              <span className="legend-line inter" /> <span className="muted">link between the two vRouters</span>
            </div>
          </>
        )}
        <div className="legend-title">Keys</div>
        <div className="legend-row muted">
          Arrows move · Shift+arrows add · Enter details · Backspace up to the group · Esc clear · + − 0 zoom · / find · Shift+F10 actions · Shift-drag box
          select · Ctrl-click add/remove
        </div>
      </div>
    </div>
  );
}
