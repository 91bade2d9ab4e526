// Automation limits and defaults, each from the AWS source named beside it (DESIGN.md section 7.3).

/** StartAutomationExecution API reference: MaxConcurrency "The default value is 10." */
export const DEFAULT_MAX_CONCURRENCY = '10';
/** Service quotas: "Levels of nested automation" (aws:executeAutomation), 5. */
export const MAX_NESTING_DEPTH = 5;
/** Actions reference, aws:sleep: "Automation supports a maximum delay of 604799 seconds (7 days)." */
export const MAX_SLEEP_MS = 604_799 * 1000;
/** Actions reference, aws:approve: the approval waits at most 7 days, then the step fails. */
export const APPROVAL_TIMEOUT_MS = 7 * 24 * 3600 * 1000;
/** Actions reference: the step timeout of actions that wait, when the runbook sets none. */
export const DEFAULT_TIMEOUT_SECONDS: Record<string, number> = {
  'aws:changeInstanceState': 3600,
  'aws:waitForAwsResourceProperty': 3600,
};
/** How often aws:waitForAwsResourceProperty calls the API again, on the emulator clock (not documented). */
export const WAIT_FOR_PROPERTY_POLL_MS = 5_000;
/** Actions reference, aws:loop: MaxIterations default 100. */
export const DEFAULT_LOOP_MAX_ITERATIONS = 100;
/** ResolvedTargets.ParameterValues lists at most 50 values, then Truncated is true (API reference). */
export const RESOLVED_TARGETS_SHOWN = 50;
/** aws:runCommand Output: the first 2,500 characters of the command output (actions reference). */
export const RUN_COMMAND_OUTPUT_LIMIT = 2_500;
/** DescribeAutomationExecutions / DescribeAutomationStepExecutions: MaxResults 1-50, 50 when absent. */
export const DEFAULT_AUTOMATION_PAGE = 50;
