import { Router, type Response } from 'express';
import { formatTlogProof } from '../../core/tlog';
import {
  entryBundle,
  latestCheckpoint,
  parseTilePath,
  proofOf,
  tile,
} from '../../transparency/read';
import type { LogStore } from '../../transparency/ports';
import { documentLogProof } from '../../transparency/document-proof';
import type { RescindDeps } from '../../documents';
import { queryOf, tableRoutes } from '../route';

function send(res: Response, type: string, body: string | Buffer, cache: string): void {
  res.status(200).type(type).setHeader('Cache-Control', cache).send(body);
}

/**
 * The static read API of the transparency log (c2sp.org/tlog-tiles) and its proofs. A full tile
 * never changes (immutable caching); the checkpoint and partial tiles do.
 */
export function logRouter(deps: {
  store: LogStore;
  /** The register's public look-up by verification code. */
  documents: RescindDeps;
}): Router {
  const r = Router();
  const on = tableRoutes(r, {});

  on('get /log/checkpoint', (_req, res) => {
    send(res, 'text/plain; charset=utf-8', latestCheckpoint(deps.store), 'no-store');
  });

  on('get /log/tile/{path}', (req, res) => {
    const segments = (req.params as { path?: string[] }).path ?? [];
    const t = parseTilePath(segments);
    const body =
      t.level === 'entries'
        ? entryBundle(deps.store, t.index, t.width)
        : tile(deps.store, t.level, t.index, t.width);
    const cache = t.width === 256 ? 'public, max-age=31536000, immutable' : 'no-store';
    send(res, 'application/octet-stream', body, cache);
  });

  on('get /log/proof', (req, res) => {
    const q = queryOf('get /log/proof', req);
    const index = BigInt(q.index);
    const { proof, checkpoint } = proofOf(deps.store, index, BigInt(q.size));
    send(
      res,
      'text/plain; charset=utf-8',
      formatTlogProof({ index, proof, checkpoint }),
      'no-store',
    );
  });

  on('get /api/v1/documents/{code}/log-proof', (req, res) => {
    const found = documentLogProof(deps, String(req.params.code));
    res
      .status(200)
      .setHeader('Cache-Control', 'no-store')
      .json(
        found.status === 'pending'
          ? found
          : {
              status: found.status,
              index: found.logged.index.toString(),
              salt: Buffer.from(found.logged.salt).toString('base64'),
              proof: found.logged.proof,
              attribute: Buffer.from(found.attribute).toString('base64'),
            },
      );
  });

  return r;
}
