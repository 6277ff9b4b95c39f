// The only IPC channels between the renderer and the main process.
export const CHANNELS = {
  call: 'podium:call',
  subscribe: 'podium:subscribe',
  unsubscribe: 'podium:unsubscribe',
  event: 'podium:event',
  menu: 'podium:menu',
} as const;
