export type Theme = 'dark' | 'light';
const KEY = 'podium.theme';

export function currentTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return 'dark';
}

export function applyTheme(t: Theme): void {
  document.documentElement.dataset['theme'] = t;
  localStorage.setItem(KEY, t);
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  applyTheme(next);
  return next;
}
