// The admission.k8s.io/v1 AdmissionReview wire format: the request schema the
// server validates bodies against, and the response it answers with.

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionRequest {
  uid: string;
  kind: { group?: string; version?: string; kind: string };
  resource?: { group?: string; version?: string; resource?: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo?: { username?: string };
  object?: Record<string, unknown> | null;
  oldObject?: Record<string, unknown> | null;
  dryRun?: boolean;
}

export interface AdmissionReview {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request: AdmissionRequest;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  warnings?: string[];
  patchType?: 'JSONPatch';
  patch?: string;
}

const groupVersionKind = {
  type: 'object',
  required: ['kind'],
  properties: { group: { type: 'string' }, version: { type: 'string' }, kind: { type: 'string', minLength: 1, maxLength: 253 } },
} as const;

const objectOrNull = { type: ['object', 'null'] } as const;

/** JSON schema of the body: only what the server relies on; the API server may send more. */
export const ADMISSION_REVIEW_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'request'],
  properties: {
    apiVersion: { const: 'admission.k8s.io/v1' },
    kind: { const: 'AdmissionReview' },
    request: {
      type: 'object',
      required: ['uid', 'kind', 'operation'],
      properties: {
        uid: { type: 'string', minLength: 1, maxLength: 128 },
        kind: groupVersionKind,
        subResource: { type: 'string', maxLength: 253 },
        name: { type: 'string', maxLength: 253 },
        namespace: { type: 'string', maxLength: 63 },
        operation: { enum: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] },
        userInfo: { type: 'object', properties: { username: { type: 'string' } } },
        object: objectOrNull,
        oldObject: objectOrNull,
        dryRun: { type: 'boolean' },
      },
    },
  },
} as const;

export function reviewResponse(response: AdmissionResponse): { apiVersion: string; kind: string; response: AdmissionResponse } {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}
