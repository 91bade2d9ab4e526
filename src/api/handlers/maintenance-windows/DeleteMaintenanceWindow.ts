import { defineHandler } from '../../protocol/handler.js';

// The model lists no DoesNotExistException for this operation: deleting an unknown window answers its id.
// The window goes with its targets, tasks, history and tags; a run in progress stops.
export default defineHandler('DeleteMaintenanceWindow', (input, ctx) => {
  const { store, maintenanceWindows: engine } = ctx.services;
  const w = store.maintenanceWindows.getWindow(ctx.account, ctx.region, input.WindowId);
  if (w) {
    store.transaction(() => {
      store.windowExecutions.deleteByWindow(ctx, w.windowId);
      store.maintenanceWindows.deleteWindow(ctx.account, ctx.region, w.windowId);
      store.tags.removeAll(ctx.account, ctx.region, 'MaintenanceWindow', w.windowId);
    });
    engine.windowDeleted(ctx, w.windowId);
  }
  return { WindowId: input.WindowId };
});
