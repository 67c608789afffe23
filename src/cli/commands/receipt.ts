import type { Command } from 'commander';
import {
  caVerificationDeps,
  checkReceipt,
  crlUrlsToFetch,
  signatureDer,
  standaloneVerificationDeps,
  VerificationError,
  type ReceiptCheck,
} from '../../verification';
import { fetchCrls } from '../fetch-crls';
import { readInput } from '../files';
import { run, withCommonOptions, type CliContext } from '../context';

type ReceiptOptions = { dataDir?: string; json?: boolean; trust: string[]; offline?: boolean };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function receiptText(r: ReceiptCheck): string {
  if (!r.valid) return `NOT VALID: ${r.problems.join(' ')}`;
  return [
    `VALID receipt issued ${r.issuedAt ?? ''} by ${r.signer ?? ''}`,
    '  signature, chain to the root, time-stamp and canonical JSON (RFC 8785) all check.',
  ].join('\n');
}

/** `signet receipt verify FILE` (issue 19): a validation receipt, checked. */
export function registerReceipt(program: Command, ctx: CliContext): void {
  const receipt = program.command('receipt').description('signed validation receipts');
  withCommonOptions(receipt.command('verify <file>'))
    .description(
      'check a validation receipt (signet verify --receipt, POST /api/v1/verify?receipt=1): its signature, the chain to the root, its time-stamp and its canonical JSON; exit 0 only when all check',
    )
    .option(
      '--trust <file>',
      "a trusted root certificate (PEM or DER; repeatable): check without this CA's data directory",
      collect,
      [],
    )
    .option('--offline', "with --trust: fetch no CRL from the certificates' URLs")
    .action(async (file: string, o: ReceiptOptions) => {
      const der = signatureDer(readInput(file));
      let result: ReceiptCheck;
      if (o.trust.length > 0) {
        const deps = standaloneVerificationDeps(o.trust.map(readInput), { now: () => new Date() });
        const urls = o.offline ? [] : crlUrlsToFetch(der);
        const crls = await fetchCrls(urls, (w) => ctx.err(`warning: ${w}`));
        result = await checkReceipt(deps, der, crls);
        ctx.out(o.json ? JSON.stringify(result, null, 2) : receiptText(result));
      } else {
        result = await run(
          ctx,
          { ...o, readOnly: true },
          (s) => checkReceipt(caVerificationDeps(s.signing), der),
          receiptText,
        );
      }
      if (!result.valid) {
        throw new VerificationError('RECEIPT_NOT_VALID', result.problems.join(' '));
      }
    });
}
