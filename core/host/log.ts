// A small structured logger: one readable line per event on stderr.
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

function fmt(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  if (v instanceof Error) return JSON.stringify(v.stack ?? v.message);
  return JSON.stringify(v) ?? 'undefined';
}

export function createLogger(opts: { level?: Level; write?: (line: string) => void; scope?: string } = {}): Logger {
  const envLevel = process.env['PODIUM_LOG'] as Level | undefined;
  const min = ORDER[opts.level ?? (envLevel && envLevel in ORDER ? envLevel : 'info')];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const make = (scope: string | undefined): Logger => {
    const log = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return;
      const kv = fields
        ? Object.entries(fields)
            .map(([k, v]) => ` ${k}=${fmt(v)}`)
            .join('')
        : '';
      write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${scope ? `[${scope}] ` : ''}${msg}${kv}`);
    };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (s) => make(scope ? `${scope}.${s}` : s),
    };
  };
  return make(opts.scope);
}

export const silentLogger: Logger = createLogger({ write: () => {} });
