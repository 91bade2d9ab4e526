// How long the simulated EC2 transitions take on the emulator clock, and EC2's documented limits. AWS
// publishes no durations; these are short so runbooks finish in seconds on a real clock, and ordered as
// EC2's are (a stop takes longer than a start, an image waits for its instance's reboot).

/** pending -> running after StartInstances. */
export const PENDING_SECONDS = 5;
/** stopping -> stopped after StopInstances. */
export const STOPPING_SECONDS = 10;
/** stopping -> stopped with Force (no chance to flush caches, so quicker). */
export const FORCED_STOPPING_SECONDS = 2;
/** shutting-down -> terminated after TerminateInstances. */
export const SHUTTING_DOWN_SECONDS = 10;
/** A reboot (RebootInstances, CreateImage without NoReboot) keeps the agent away this long. */
export const REBOOT_SECONDS = 30;
/** Status checks report `initializing` this long after an instance reaches running. */
export const STATUS_INITIALIZING_SECONDS = 10;
/** CreateImage / CopyImage / CreateSnapshot: pending -> available (completed) after this, past any reboot. */
export const IMAGE_SECONDS = 10;
/** CreateVolume: creating -> available. */
export const VOLUME_CREATE_SECONDS = 2;
/** AttachVolume: attaching -> attached; DetachVolume: detaching -> available. */
export const ATTACH_SECONDS = 2;
export const DETACH_SECONDS = 3;

/** aws:changeInstanceState / aws:createImage poll the instance or image this often (not documented). */
export const ACTION_POLL_MS = 2_000;

/** EC2 User Guide, "Tag restrictions": 50 tags per resource, keys up to 128 and values up to 256 characters. */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
/** CreateImage API reference: Name is 3 to 128 characters. */
export const MIN_IMAGE_NAME = 3;
export const MAX_IMAGE_NAME = 128;
/** CreateImage API reference: Description up to 255 characters. */
export const MAX_IMAGE_DESCRIPTION = 255;
/** DescribeInstances API reference: MaxResults 5 to 1000. */
export const MIN_DESCRIBE_RESULTS = 5;
export const MAX_DESCRIBE_RESULTS = 1000;
/** EBS: gp3 volumes are 1 GiB to 16 TiB (CreateVolume API reference). */
export const MAX_VOLUME_GIB = 16_384;
