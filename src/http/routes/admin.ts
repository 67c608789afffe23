import { Router } from 'express';
import { listCertificates, showCertificate, type CertificateView } from '../../ca/certificates';
import type { AuthorityCache, CaDeps } from '../../ca/context';
import { rotateAdminToken, rotateDepartmentKey, setDepartmentEnabled } from '../../ca/credentials';
import { addDepartment, listDepartments } from '../../ca/departments';
import { issueCertificate, type IssuedCertificate } from '../../ca/issue';
import { revokeCertificate } from '../../ca/revoke';
import { toPem } from '../../core/encoding';
import { requireAdmin, type Authenticate } from '../middleware/auth';
import { jsonBodyOf, queryOf, tableRoutes } from '../route';

const issuedJson = (c: IssuedCertificate) => ({
  serial: c.serial,
  status: c.status,
  department: c.department,
  notBefore: c.notBefore,
  notAfter: c.notAfter,
  custodialKey: c.custodial,
  certificate: toPem(c.certificate, 'CERTIFICATE'),
});
const viewJson = ({ certificate, ...rest }: CertificateView) => ({
  ...rest,
  certificate: certificate && toPem(certificate, 'CERTIFICATE'),
});

/** The operator's API (admin token): the same use cases and audit entries as the CLI. */
export function adminRouter(deps: {
  ca: CaDeps;
  authorities: AuthorityCache;
  authenticate: Authenticate;
}): Router {
  const r = Router();
  const on = tableRoutes(r, { admin: requireAdmin(deps.authenticate) });

  on('post /api/v1/departments', (req, res) => {
    const body = jsonBodyOf('post /api/v1/departments', req);
    res.status(201).json(addDepartment(deps.ca, { ...body, actor: res.locals.actor }));
  });

  on('get /api/v1/departments', (_req, res) => {
    res.status(200).json({ departments: listDepartments(deps.ca) });
  });

  // Cutting a credential off (issue 14): each is audited; a new key or token is shown once.
  for (const [action, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    on(`post /api/v1/departments/{id}/${action}`, (req, res) => {
      const id = String(req.params.id);
      res.status(200).json(setDepartmentEnabled(deps.ca, { id, enabled, actor: res.locals.actor }));
    });
  }

  on('post /api/v1/departments/{id}/rotate-key', (req, res) => {
    const id = String(req.params.id);
    res.status(200).json(rotateDepartmentKey(deps.ca, { id, actor: res.locals.actor }));
  });

  on('post /api/v1/admin/rotate-token', (_req, res) => {
    res.status(200).json(rotateAdminToken(deps.ca, { actor: res.locals.actor }));
  });

  on('post /api/v1/certificates', async (req, res) => {
    const body = jsonBodyOf('post /api/v1/certificates', req);
    const issued = await issueCertificate(deps.ca, deps.authorities, {
      departmentId: body.department,
      days: body.days,
      csr: body.csr ? new Uint8Array(Buffer.from(body.csr, 'utf8')) : undefined,
      keyAlgorithm: body.algorithm,
      actor: res.locals.actor,
    });
    res.status(201).json(issuedJson(issued));
  });

  on('get /api/v1/certificates', (req, res) => {
    const q = queryOf('get /api/v1/certificates', req);
    const list = listCertificates(deps.ca, { departmentId: q.department, status: q.status });
    res
      .status(200)
      .json({ certificates: list.map((v) => ({ ...viewJson(v), certificate: undefined })) });
  });

  on('get /api/v1/certificates/{serial}', (req, res) => {
    res.status(200).json(viewJson(showCertificate(deps.ca, String(req.params.serial))));
  });

  on('post /api/v1/certificates/{serial}/revoke', async (req, res) => {
    const body = jsonBodyOf('post /api/v1/certificates/{serial}/revoke', req);
    const view = await revokeCertificate(deps.ca, deps.authorities, {
      serial: String(req.params.serial),
      reason: body.reason,
      actor: res.locals.actor,
    });
    res.status(200).json(viewJson(view));
  });

  return r;
}
