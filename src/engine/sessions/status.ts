// Session Manager's status machine (API SessionStatus; UG "Session Manager session states").
import type { SessionStatus } from '../../model/generated/types.js';
import { checkMove, type Transitions } from '../status-machine.js';

export type { SessionStatus };

export const SESSION_TRANSITIONS: Transitions<SessionStatus> = {
  Connecting: ['Connected', 'Disconnected', 'Terminating', 'Terminated', 'Failed'],
  Connected: ['Disconnected', 'Terminating', 'Terminated', 'Failed'],
  // A dropped websocket: ResumeSession connects it again, or the idle timeout ends it.
  Disconnected: ['Connected', 'Terminating', 'Terminated', 'Failed'],
  Terminating: ['Terminated', 'Failed'],
  Terminated: [],
  Failed: [],
};

/** The session's next status; an illegal move throws. */
export function nextSessionStatus(from: SessionStatus, to: SessionStatus): SessionStatus {
  return checkMove('Session status', SESSION_TRANSITIONS, from, to);
}
