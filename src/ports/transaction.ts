/** Runs a function as one all-or-nothing transaction of the store (synchronous by design). */
export interface Transactor {
  transaction<T>(work: () => T): T;
}
