import { Router } from 'express';
import { openApiDocument } from '../openapi';
import { tableRoutes } from '../route';

export function openApiRouter(): Router {
  const r = Router();
  const doc = openApiDocument();
  tableRoutes(r, {})('get /api/openapi.json', (_req, res) => {
    res.status(200).json(doc);
  });
  return r;
}
