// Run Command limits and defaults, each from the AWS source named beside it (DESIGN.md section 7.3).

/** SendCommand API reference: MaxConcurrency "The default value is 50." */
export const DEFAULT_MAX_CONCURRENCY = '50';
/** SendCommand API reference: MaxErrors "The default value is 0." */
export const DEFAULT_MAX_ERRORS = '0';
/** CLI send-command example: ExpiresAfter - RequestedDateTime = 7200 s = 3600 delivery + 3600 executionTimeout. */
export const DEFAULT_TIMEOUT_SECONDS = 3600;
/** AWS-RunShellScript executionTimeout default; used for documents that declare none. */
export const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 3600;
/** GetCommandInvocation API reference: StandardOutputContent/StandardErrorContent, "at most 24,000 characters". */
export const GET_INVOCATION_OUTPUT_LIMIT = 24_000;
/** ListCommandInvocations API reference (CommandPlugin.Output): "the first 2500 characters". */
export const DETAILS_OUTPUT_LIMIT = 2_500;
/**
 * amazon-ssm-agent appconfig DefaultCommandRetryLimit: an agent that restarts resumes a document that was running
 * (processor.go processInProgressDocuments) until it has started it this many times, then gives it up unreported.
 */
export const COMMAND_RETRY_LIMIT = 15;
/** How often an unreachable (Delayed) node is tried again, on the emulator clock. */
export const DELIVERY_RETRY_SECONDS = 30;
/** ListCommands / ListCommandInvocations: MaxResults 1-50 in the model; AWS pages by 50 when absent. */
export const DEFAULT_COMMAND_PAGE = 50;
/** Invocations dispatched per turn of the event loop (not an AWS limit: keeps the API answering under fan-out). */
export const DISPATCH_BATCH = 100;
