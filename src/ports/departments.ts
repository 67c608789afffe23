export interface DepartmentRecord {
  id: string;
  name: string;
  createdAt: string;
  /** Set while the department is disabled: its key is refused on every route. */
  disabledAt?: string;
}

/** A department by id, read-only (the CA's DepartmentStore adds writes). */
export interface DepartmentLookup {
  department(id: string): DepartmentRecord | undefined;
}
