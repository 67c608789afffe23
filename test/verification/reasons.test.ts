/**
 * The reason catalogues (issue 13): every reason id renders in every language with its parameters,
 * nothing is left untranslated, unfilled or empty, and the Chinese says what the English says
 * where a mistranslation once said the opposite.
 */
import {
  CATALOGUES,
  LANGUAGES,
  REASON_PARAMS,
  reason,
  renderReason,
  subIndicationReason,
  type ParamKind,
  type Reason,
  type ReasonId,
} from '../../src/verification/reasons';
import { SUB_INDICATIONS, type SubIndication } from '../../src/verification/report';

const IDS = Object.keys(REASON_PARAMS) as ReasonId[];
const TIME = '2026-03-04T05:06:07.000Z';
const CJK = /[\u4e00-\u9fff]/;

/** A value of each kind that shows up recognisably in the sentence it fills. */
const SAMPLES: Record<ParamKind, unknown> = {
  text: 'Sample-Text',
  time: TIME,
  count: 4321,
  reason: reason('tst.future'),
  list: [reason('change.dss'), reason('change.other', { kind: 'Sample-Kind' })],
  texts: ['Sample-A', 'Sample-B'],
  sentences: [reason('crl.none', { issuer: 'Sample-Issuer' })],
  tail: [reason('chain.claimed', { claimed: TIME })],
};

/** What a rendered sentence must contain for the sample of each kind. */
const EXPECTED: Record<ParamKind, RegExp> = {
  text: /Sample-Text/,
  time: /2026-03-04T05:06:07\.000Z/,
  count: /4321/,
  reason: /./,
  list: /Sample-Kind/,
  texts: /Sample-A.+Sample-B/,
  sentences: /Sample-Issuer/,
  tail: /2026-03-04T05:06:07\.000Z/,
};

function sampleOf(id: ReasonId): Reason {
  const kinds: Record<string, ParamKind> = REASON_PARAMS[id];
  const params = Object.fromEntries(Object.entries(kinds).map(([k, kind]) => [k, SAMPLES[kind]]));
  return { id, params } as Reason;
}

/** Templates that are nothing but placeholders need no words of their own. */
const onlyPlaceholders = (template: string): boolean => /^(\{\w+\})+$/.test(template);

describe('the reason catalogues', () => {
  it('know more than a hundred reasons, each with parameter kinds the renderer knows', () => {
    expect(IDS.length).toBeGreaterThan(100);
    for (const id of IDS) {
      for (const kind of Object.values(REASON_PARAMS[id] as Record<string, string>)) {
        expect(Object.keys(SAMPLES)).toContain(kind);
      }
    }
  });

  describe.each(LANGUAGES)('in %s', (language) => {
    const catalogue = CATALOGUES[language];

    it.each(IDS)('render %s with every parameter and no placeholder left', (id) => {
      const template = catalogue.reasons[id];
      expect(typeof template).toBe('string');
      expect(template.trim()).not.toBe('');
      const text = renderReason(language, sampleOf(id));
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/\{\w*\}/);
      expect(text).not.toMatch(/undefined|\[object Object\]/);
      for (const [name, kind] of Object.entries(REASON_PARAMS[id] as Record<string, ParamKind>)) {
        expect(template).toContain(`{${name}}`);
        expect(text).toMatch(EXPECTED[kind]);
      }
    });

    it('names every check', () => {
      for (const name of Object.values(catalogue.checks)) expect(name.trim()).not.toBe('');
      expect(Object.keys(catalogue.checks)).toEqual(Object.keys(CATALOGUES.en.checks));
    });
  });

  it('say every sub-indication in plain words, as the page, the API and the CLI show it', () => {
    const codes: readonly SubIndication[] = SUB_INDICATIONS;
    expect(IDS.filter((id) => id.startsWith('sub_indication.')).sort()).toEqual(
      codes.map((c) => `sub_indication.${c}`).sort(),
    );
    for (const code of codes) {
      expect(renderReason('en', subIndicationReason(code))).toMatch(/^[A-Z].+\.$/);
      expect(renderReason('zh-CN', subIndicationReason(code))).toMatch(CJK);
    }
    expect(renderReason('zh-CN', subIndicationReason('TRY_LATER'))).toContain('稍后再试');
  });

  it('has no English sentence left in the Chinese catalogue', () => {
    for (const id of IDS) {
      const template = CATALOGUES['zh-CN'].reasons[id];
      if (onlyPlaceholders(template)) continue;
      expect([id, CJK.test(template)]).toEqual([id, true]);
      expect(template).not.toBe(CATALOGUES.en.reasons[id]);
    }
    for (const name of Object.values(CATALOGUES['zh-CN'].checks)) expect(name).toMatch(CJK);
  });

  it('fills a nested reason in the language of the sentence around it', () => {
    const why = reason('chain.untrusted', {
      signer: 'Finance Bureau',
      path: reason('path.no_path', { detail: 'No path was found.' }),
    });
    expect(renderReason('en', why)).toBe(
      'The signer claims to be Finance Bureau, but its certificate does not lead to a root that Signet trusts, so Signet cannot confirm who signed: No path was found.',
    );
    expect(renderReason('zh-CN', why)).toBe(
      '签名者声称是 Finance Bureau，但其证书无法追溯到 Signet 信任的根证书，因此 Signet 无法确认签名者的身份：找不到通往受信任根证书的证书链（No path was found.）',
    );
  });

  it('writes a tail of sentences after a sentence break, and nothing for an empty one', () => {
    const path = reason('path.expired', { detail: 'It expired.' });
    expect(renderReason('en', reason('chain.expired', { path, notes: [] }))).toBe(
      'The certificate has expired: It expired.',
    );
    expect(
      renderReason(
        'en',
        reason('chain.expired', { path, notes: [reason('chain.claimed', { claimed: TIME })] }),
      ),
    ).toBe(
      `The certificate has expired: It expired. The signer claims to have signed on ${TIME} but no time-stamp proves it.`,
    );
  });

  describe('when a certificate was revoked after the time-stamp', () => {
    const revokedAfter = reason('revocation.revoked_after_timestamp', {
      certificate: reason('certificate.signer', { name: 'Finance Bureau' }),
      revoked: '2026-05-01T00:00:00.000Z',
      cause: 'keyCompromise',
      source: reason('source.crl', {
        issuer: 'CN=Signet Issuing CA',
        issued: '2026-05-02T00:00:00.000Z',
      }),
      time: '2026-04-01T00:00:00.000Z',
    });

    it('says in English that the signature keeps its value', () => {
      expect(renderReason('en', revokedAfter)).toMatch(/the signature keeps its value\.$/);
    });

    it('says in Chinese that the signature stays valid, having been made before the revocation', () => {
      const zh = renderReason('zh-CN', revokedAfter);
      expect(zh).toContain('吊销');
      expect(zh).toContain('之前');
      expect(zh).toContain('仍然有效');
      // The page once said 无法完全确认证书的吊销状态 ("cannot be fully confirmed"): the opposite.
      expect(zh).not.toContain('无法');
      expect(zh).toContain('2026-04-01T00:00:00.000Z');
    });
  });
});
