// EC2 errors as the EC2 Query API returns them (code + message); Automation turns them into a failed step.
// Messages are the ones AWS sends, as quoted in public bug reports (sources beside each builder).
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../model/service-error.js';

/** An EC2 error on the shared service-error type: its __type is EC2's code (never an SSM operation's answer). */
export class Ec2Error extends ServiceError {
  readonly requestId = randomUUID();

  constructor(code: string, message: string) {
    super(code, message, 'message', 400);
  }

  /** EC2's error code (InvalidInstanceID.NotFound, ...). */
  get code(): string {
    return this.type;
  }
}

const quoteList = (ids: string[]) => ids.join(', ');

// "The instance ID 'i-…' does not exist" / "The instance IDs 'i-a, i-b' do not exist" (EC2 API error codes).
export function instanceNotFound(ids: string[]): Ec2Error {
  return new Ec2Error(
    'InvalidInstanceID.NotFound',
    ids.length === 1
      ? `The instance ID '${ids[0]}' does not exist`
      : `The instance IDs '${quoteList(ids)}' do not exist`,
  );
}

// "The image id '[ami-…]' does not exist" (brikis98/terraform-up-and-running-code#65).
export function imageNotFound(ids: string[]): Ec2Error {
  return new Ec2Error(
    'InvalidAMIID.NotFound',
    ids.length === 1
      ? `The image id '[${ids[0]}]' does not exist`
      : `The image ids '[${quoteList(ids)}]' do not exist`,
  );
}

// "The volume 'vol-…' does not exist." (EC2 API error codes, InvalidVolume.NotFound).
export function volumeNotFound(ids: string[]): Ec2Error {
  return new Ec2Error(
    'InvalidVolume.NotFound',
    ids.length === 1
      ? `The volume '${ids[0]}' does not exist.`
      : `The volumes '${quoteList(ids)}' do not exist.`,
  );
}

// "The snapshot 'snap-…' does not exist." (EC2 API error codes, InvalidSnapshot.NotFound).
export function snapshotNotFound(ids: string[]): Ec2Error {
  return new Ec2Error(
    'InvalidSnapshot.NotFound',
    ids.length === 1
      ? `The snapshot '${ids[0]}' does not exist.`
      : `The snapshots '${quoteList(ids)}' do not exist.`,
  );
}

/** Malformed ids: `Invalid id: "x"` for instances, `Invalid id: "x" (expecting "ami-...")` for the others. */
export function malformedId(kind: 'instance' | 'image' | 'volume' | 'snapshot', id: string): Ec2Error {
  switch (kind) {
    case 'instance':
      return new Ec2Error('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
    case 'image':
      return new Ec2Error('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`);
    case 'volume':
      return new Ec2Error('InvalidVolumeID.Malformed', `Invalid id: "${id}" (expecting "vol-...")`);
    case 'snapshot':
      return new Ec2Error('InvalidSnapshotID.Malformed', `Invalid id: "${id}" (expecting "snap-...")`);
  }
}

export function missingParameter(name: string): Ec2Error {
  return new Ec2Error('MissingParameter', `The request must contain the parameter ${name}`);
}

export function invalidParameterValue(message: string): Ec2Error {
  return new Ec2Error('InvalidParameterValue', message);
}

/** The text Automation shows for a failed EC2 call (AWS's actions run the Java SDK, whose errors read so). */
export function automationMessage(err: Ec2Error): string {
  return `${err.message} (Service: AmazonEC2; Status Code: 400; Error Code: ${err.code}; Request ID: ${err.requestId}; Proxy: null)`;
}
