/**
 * A sub-indication (ETSI EN 319 102-1 table 5) in plain words: one reason per code, so that the
 * page, the API (subIndicationMessage) and the CLI say the same sentence in each language. The
 * template literal type makes a code without its reason a compile error.
 */
import type { SubIndication } from '../report';
import { reason, type Reason, type ReasonId } from './ids';

export function subIndicationReason(code: SubIndication): Reason {
  const id: `sub_indication.${SubIndication}` & ReasonId = `sub_indication.${code}`;
  return reason(id);
}
