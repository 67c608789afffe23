import { Router } from 'express';
import { openApiDocument } from '../openapi';

export function openApiRouter(): Router {
  const r = Router();
  const doc = openApiDocument();
  r.get('/api/openapi.json', (_req, res) => {
    res.status(200).json(doc);
  });
  return r;
}
