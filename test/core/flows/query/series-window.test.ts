// Which steps a series shows: whole steps, ending with the last one that has ended and
// settled — never the step still filling, which would read as a drop in traffic.
import { describe, expect, it } from 'vitest';
import { seriesWindow } from '../../../../core/flows/query/runner.js';

const S = 10_000;
const T = 1_700_000_000_000; // a multiple of 10 s

describe('series window', () => {
  it('ends a live series at the last settled step, not the one still filling', () => {
    // now is 7 s into a step: that step is left out; so is the one before, for 2 s more
    expect(seriesWindow(T - 900_000, T + 7000, T + 7000, S, 2000)).toEqual({ from: T - 900_000, to: T });
    expect(seriesWindow(T - 900_000, T + 1000, T + 1000, S, 2000)).toEqual({ from: T - 900_000, to: T - S });
  });

  it('starts at the step holding the range start, and keeps whole steps of a past range', () => {
    expect(seriesWindow(T - 95_000, T - 31_000, T + 3_600_000, S, 2000)).toEqual({ from: T - 100_000, to: T - 40_000 });
  });

  it('shows at least one step', () => {
    expect(seriesWindow(T + 1000, T + 3000, T + 3000, S, 2000)).toEqual({ from: T, to: T + S });
  });
});
