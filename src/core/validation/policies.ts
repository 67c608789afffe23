/**
 * Certificate policy processing of RFC 5280 section 6.1: the valid_policy_tree and the
 * explicit_policy, policy_mapping and inhibit_anyPolicy counters, step by step as the RFC names
 * them. The tree is bounded (LIMIT_EXCEEDED) against the exponential growth policy mappings allow.
 */
import { OID_ANY_POLICY } from '../oid';
import type { CertView } from '../x509/certificate-model';
import type { PolicyInputs } from './context';
import { failure, type PathFailure } from './errors';

interface PolicyNode {
  validPolicy: string;
  expected: Set<string>;
  children: PolicyNode[];
  parent: PolicyNode | undefined;
  depth: number;
}

export interface PolicyState {
  tree: PolicyNode | undefined;
  explicitPolicy: number;
  policyMapping: number;
  inhibitAnyPolicy: number;
  nodes: number;
  maxNodes: number;
}

/** 6.1.2(a), (d)-(f): the initial tree is one anyPolicy node; counters from the inputs. */
export function initialPolicyState(inputs: PolicyInputs, n: number, maxNodes: number): PolicyState {
  return {
    tree: {
      validPolicy: OID_ANY_POLICY,
      expected: new Set([OID_ANY_POLICY]),
      children: [],
      parent: undefined,
      depth: 0,
    },
    explicitPolicy: inputs.initialExplicitPolicy ? 0 : n + 1,
    policyMapping: inputs.initialPolicyMappingInhibit ? 0 : n + 1,
    inhibitAnyPolicy: inputs.initialAnyPolicyInhibit ? 0 : n + 1,
    nodes: 1,
    maxNodes,
  };
}

function nodesAtDepth(root: PolicyNode | undefined, depth: number): PolicyNode[] {
  let level = root ? [root] : [];
  for (let d = 0; d < depth; d++) level = level.flatMap((node) => node.children);
  return level;
}

function addChild(
  state: PolicyState,
  parent: PolicyNode,
  validPolicy: string,
  expected: Set<string>,
): boolean {
  if (++state.nodes > state.maxNodes) return false;
  parent.children.push({ validPolicy, expected, children: [], parent, depth: parent.depth + 1 });
  return true;
}

function removeNode(state: PolicyState, node: PolicyNode): void {
  if (node.parent) node.parent.children = node.parent.children.filter((c) => c !== node);
  else state.tree = undefined;
}

/** Deletes nodes above `depth` that have no children, repeatedly (6.1.3(d)(3), 6.1.4(b)(2)). */
function prune(state: PolicyState, depth: number): void {
  const keep = (node: PolicyNode): boolean => {
    node.children = node.children.filter(keep);
    return node.depth >= depth || node.children.length > 0;
  };
  if (state.tree && !keep(state.tree)) state.tree = undefined;
}

const tooComplex = (cert: CertView): PathFailure =>
  failure(
    'LIMIT_EXCEEDED',
    `The certificate policies up to "${cert.label}" form a tree larger than Signet allows.`,
  );

/** 6.1.3(d)-(f): grow the tree with certificate i's policies, or cut it when it has none. */
export function processCertificatePolicies(
  state: PolicyState,
  cert: CertView,
  i: number,
  n: number,
): PathFailure | undefined {
  const policies = cert.certificatePolicies();
  if (policies && state.tree) {
    const parents = nodesAtDepth(state.tree, i - 1);
    // (d)(1): each policy joins the nodes that expect it, or else the anyPolicy node.
    for (const policy of policies.filter((p) => p !== OID_ANY_POLICY)) {
      const expecting = parents.filter((node) => node.expected.has(policy));
      const targets =
        expecting.length > 0
          ? expecting
          : parents.filter((node) => node.validPolicy === OID_ANY_POLICY);
      for (const node of targets) {
        if (!addChild(state, node, policy, new Set([policy]))) return tooComplex(cert);
      }
    }
    // (d)(2): anyPolicy, unless inhibited, carries every expected policy not yet present.
    if (
      policies.includes(OID_ANY_POLICY) &&
      (state.inhibitAnyPolicy > 0 || (i < n && cert.selfIssued))
    ) {
      for (const node of parents) {
        for (const expected of node.expected) {
          if (node.children.some((child) => child.validPolicy === expected)) continue;
          if (!addChild(state, node, expected, new Set([expected]))) return tooComplex(cert);
        }
      }
    }
    prune(state, i); // (d)(3)
  } else {
    state.tree = undefined; // (e)
  }
  // (f)
  if (state.explicitPolicy <= 0 && !state.tree) {
    return failure(
      'POLICY',
      `No certificate policy acceptable to the path remains at "${cert.label}", and an explicit policy is required.`,
    );
  }
  return undefined;
}

/** 6.1.4(a): anyPolicy must not be mapped to or from. */
export function checkPolicyMappings(cert: CertView): PathFailure | undefined {
  const mapsAny = cert
    .policyMappings()
    ?.some(
      (m) => m.issuerDomainPolicy === OID_ANY_POLICY || m.subjectDomainPolicy === OID_ANY_POLICY,
    );
  return mapsAny
    ? failure('POLICY', `"${cert.label}" maps anyPolicy, which RFC 5280 forbids.`)
    : undefined;
}

/** 6.1.4(b): apply certificate i's policy mappings to the tree (or delete mapped policies). */
export function processPolicyMappings(
  state: PolicyState,
  cert: CertView,
  i: number,
): PathFailure | undefined {
  const mappings = cert.policyMappings();
  if (!mappings || !state.tree) return undefined;
  const mapped = new Map<string, Set<string>>();
  for (const m of mappings) {
    const set = mapped.get(m.issuerDomainPolicy) ?? new Set<string>();
    set.add(m.subjectDomainPolicy);
    mapped.set(m.issuerDomainPolicy, set);
  }
  const level = nodesAtDepth(state.tree, i);
  if (state.policyMapping > 0) {
    for (const [issuerPolicy, subjectPolicies] of mapped) {
      const nodes = level.filter((node) => node.validPolicy === issuerPolicy);
      if (nodes.length > 0) {
        for (const node of nodes) node.expected = new Set(subjectPolicies);
        continue;
      }
      const any = level.find((node) => node.validPolicy === OID_ANY_POLICY);
      if (any?.parent && !addChild(state, any.parent, issuerPolicy, new Set(subjectPolicies))) {
        return tooComplex(cert);
      }
    }
  } else {
    for (const node of level) if (mapped.has(node.validPolicy)) removeNode(state, node);
    prune(state, i);
  }
  return undefined;
}

/** 6.1.4(h)-(j): count down, then apply policyConstraints and inhibitAnyPolicy. */
export function updatePolicyCounters(state: PolicyState, cert: CertView): void {
  if (!cert.selfIssued) {
    if (state.explicitPolicy > 0) state.explicitPolicy--;
    if (state.policyMapping > 0) state.policyMapping--;
    if (state.inhibitAnyPolicy > 0) state.inhibitAnyPolicy--;
  }
  const pc = cert.policyConstraints();
  if (pc?.requireExplicitPolicy !== undefined) {
    state.explicitPolicy = Math.min(state.explicitPolicy, pc.requireExplicitPolicy);
  }
  if (pc?.inhibitPolicyMapping !== undefined) {
    state.policyMapping = Math.min(state.policyMapping, pc.inhibitPolicyMapping);
  }
  const inhibit = cert.inhibitAnyPolicy();
  if (inhibit !== undefined) state.inhibitAnyPolicy = Math.min(state.inhibitAnyPolicy, inhibit);
}

/** 6.1.5(a)-(b) and (g): final counters, and the tree intersected with the user's policies. */
export function wrapUpPolicies(
  state: PolicyState,
  cert: CertView,
  inputs: PolicyInputs,
  n: number,
): PathFailure | undefined {
  if (state.explicitPolicy > 0) state.explicitPolicy--;
  if (cert.policyConstraints()?.requireExplicitPolicy === 0) state.explicitPolicy = 0;
  const userSet = inputs.userInitialPolicySet ?? [OID_ANY_POLICY];
  if (state.tree && !userSet.includes(OID_ANY_POLICY)) {
    // (g)(iii)(1): the nodes whose parent is an anyPolicy node.
    const nodeSet: PolicyNode[] = [];
    const collect = (node: PolicyNode): void => {
      if (node.validPolicy !== OID_ANY_POLICY) return;
      for (const child of node.children) {
        nodeSet.push(child);
        collect(child);
      }
    };
    collect(state.tree);
    // (2): drop those whose policy the user does not accept.
    for (const node of nodeSet) {
      if (node.validPolicy !== OID_ANY_POLICY && !userSet.includes(node.validPolicy)) {
        removeNode(state, node);
      }
    }
    // (3): an anyPolicy leaf stands for each user policy not already present.
    const anyLeaf = nodesAtDepth(state.tree, n).find((node) => node.validPolicy === OID_ANY_POLICY);
    if (anyLeaf?.parent) {
      const present = new Set(nodeSet.map((node) => node.validPolicy));
      for (const policy of userSet) {
        if (present.has(policy)) continue;
        if (!addChild(state, anyLeaf.parent, policy, new Set([policy]))) return tooComplex(cert);
      }
      removeNode(state, anyLeaf);
    }
    prune(state, n); // (4)
  }
  if (state.explicitPolicy > 0 || state.tree) return undefined;
  return failure(
    'POLICY',
    `The path to "${cert.label}" has no certificate policy acceptable to the caller, and an explicit policy is required.`,
  );
}
