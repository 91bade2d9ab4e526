// Shape of the compact model that scripts/codegen.mjs derives from the botocore SSM model.

export interface MemberRef {
  shape: string;
  idempotencyToken?: boolean;
}

export interface Shape {
  type:
    | 'structure'
    | 'string'
    | 'list'
    | 'map'
    | 'integer'
    | 'long'
    | 'boolean'
    | 'timestamp'
    | 'blob'
    | 'double'
    | 'float';
  required?: string[];
  members?: Record<string, MemberRef>;
  member?: string;
  key?: string;
  value?: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  exception?: boolean;
  fault?: boolean;
  union?: boolean;
}

export interface OperationModel {
  /** Handler folder of the operation's area (src/api/handlers/<area>/). */
  area: string;
  input?: string;
  output?: string;
  errors: string[];
  paginator?: { limitKey: string | null };
}

export interface CompactModel {
  metadata: { apiVersion: string; targetPrefix: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}
