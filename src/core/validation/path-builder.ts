/**
 * Path building (RFC 4158): a depth-first search from the target towards the trust anchors over
 * the issuer candidates of certificate-pool.ts, yielding each complete candidate path (target
 * first, anchor last) for the caller to check; the next is built only if that one fails. Loops are
 * cut by name-and-key identity (RFC 4158 5.2), depth by the caller's maximum, and the whole search
 * by the work budget (budget.ts), each step paying for the issuer candidates it weighs.
 */
import type { CertView } from '../x509/certificate-model';
import type { ValidationContext } from './context';

export interface SearchNotes {
  /** Partial paths whose last certificate has no usable issuer. */
  deadEnds: CertView[][];
  /** Some candidate was dropped because the path would have been too long. */
  depthCut: boolean;
}

export function* candidatePaths(
  ctx: ValidationContext,
  target: CertView,
  anchorFilter: ReadonlySet<string> | undefined,
  notes: SearchNotes,
): Generator<CertView[]> {
  const identities = new Set([target.identity]);

  function* extend(path: CertView[], intermediates: number): Generator<CertView[]> {
    const current = path[path.length - 1];
    if (!current) return;
    const issuers = ctx.pool.issuersOf(current, ctx.time, anchorFilter);
    // A step costs as much as the candidates it weighs: a crowd of same-named CAs pays its way.
    const weight = 1 + issuers.anchors.length + issuers.intermediates.length;
    if (!ctx.budget.spend('builderSteps', weight)) return;
    let extended = false;
    for (const anchor of issuers.anchors) {
      if (!ctx.budget.spend('candidatePaths')) return;
      extended = true;
      yield [...path, anchor];
    }
    for (const next of issuers.intermediates) {
      if (identities.has(next.identity)) continue;
      // Self-issued certificates do not count, as for pathLenConstraint (RFC 5280 6.1.4(l)).
      const count = intermediates + (next.selfIssued ? 0 : 1);
      if (count > ctx.maxIntermediates || path.length >= ctx.limits.maxPathCertificates) {
        notes.depthCut = true;
        continue;
      }
      extended = true;
      identities.add(next.identity);
      yield* extend([...path, next], count);
      identities.delete(next.identity);
      if (ctx.budget.exhausted) return;
    }
    if (!extended && notes.deadEnds.length < 16) notes.deadEnds.push(path);
  }

  yield* extend([target], 0);
}
