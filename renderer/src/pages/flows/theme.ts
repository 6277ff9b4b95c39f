// The theme's colours as literal values (for SVG that must look the same once exported).
import { useEffect, useState } from 'react';

export interface ChartColors {
  text: string;
  dim: string;
  faint: string;
  grid: string;
  panel: string;
  accent: string;
}

function read(): ChartColors {
  const s = getComputedStyle(document.documentElement);
  const v = (n: string, d: string) => s.getPropertyValue(n).trim() || d;
  return {
    text: v('--text', '#dbe4f3'),
    dim: v('--text-dim', '#8d9cb8'),
    faint: v('--text-faint', '#5f6f8e'),
    grid: v('--border', '#22304b'),
    panel: v('--bg-panel', '#121c2f'),
    accent: v('--accent', '#38bdf8'),
  };
}

export function useChartColors(): ChartColors {
  const [c, setC] = useState<ChartColors>(read);
  useEffect(() => {
    const o = new MutationObserver(() => setC(read()));
    o.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    return () => o.disconnect();
  }, []);
  return c;
}
