// Maintenance window quotas and defaults, each from the AWS source named beside it (DESIGN.md section 7.3).

/** Service quotas (General Reference, "Systems Manager endpoints and quotas"): Maintenance windows, 50. */
export const MAX_WINDOWS_PER_ACCOUNT = 50;
/** Service quotas: Tasks per maintenance window, 20. */
export const MAX_TASKS_PER_WINDOW = 20;
/** Service quotas: Targets per maintenance window, 100. */
export const MAX_TARGETS_PER_WINDOW = 100;
/** Service quotas: Targets per task, 10. */
export const MAX_TARGETS_PER_TASK = 10;
/** Service quotas: Concurrent executions of maintenance windows, 5 (more wait PENDING for a free slot). */
export const MAX_CONCURRENT_EXECUTIONS = 5;
/** Tasks without targets report this placeholder MaxConcurrency / MaxErrors (UG "tasks without targets"). */
export const TARGETLESS_RATE_PLACEHOLDER = '1';
/** RegisterTaskWithMaintenanceWindow API reference: Priority default 1 ("0 is the highest"). */
export const DEFAULT_TASK_PRIORITY = 1;
/** Describe* MaxResults is 10-100 in the model and AWS documents no default page: ours is the maximum. */
export const DEFAULT_WINDOW_PAGE = 100;
/** DescribeMaintenanceWindowSchedule / ...ForTarget: MaxResults has no upper bound in the model; our page. */
export const DEFAULT_SCHEDULE_PAGE = 50;
/** How far ahead DescribeMaintenanceWindowSchedule looks for openings of target-matched windows (ours). */
export const SCHEDULE_SEARCH_OPENINGS = 1_000;
/** Instances one task invocation list resolves per target page (store page size, not an AWS limit). */
export const TARGET_RESOLVE_PAGE = 1_000;
/**
 * On a virtual clock, how long (real ms) an opening may take to settle before the clock moves on: zero-duration
 * work (a scripted command) ends at the opening's instant, as it would on AWS, so the next opening sees it done.
 */
export const SETTLE_REAL_MS = 30_000;
/** Event-loop turns with no progress after which an opening's work may be waiting on the clock. */
export const SETTLE_QUIET_TURNS = 20;
/** ... confirmed by two checks of this many real ms of an idle event loop (a shell loading keeps it busy). */
export const SETTLE_IDLE_WINDOW_MS = 40;
