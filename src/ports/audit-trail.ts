export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

/**
 * What a use case writes to the hash-chained audit log: one entry, appended inside its
 * transaction. Reading and anchoring the chain are the CA's (ca/ports.ts AuditLog).
 */
export interface AuditTrail {
  append(entry: AuditEntry): number;
}
