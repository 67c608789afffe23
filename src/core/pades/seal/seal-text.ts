/**
 * The words of a seal: the department, the signing time in China Standard Time (UTC+8, no
 * daylight saving) and in ISO 8601 UTC, and the verification code a reader types or scans.
 */

/** China Standard Time's offset from UTC. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface SealLine {
  text: string;
  /** Nominal size in points for the default 200 x 90 seal; scaled down to fit. */
  size: number;
}

export function sealLines(input: {
  departmentName: string;
  signingTime: Date;
  verificationCode: string;
}): SealLine[] {
  return [
    { text: input.departmentName, size: 14 },
    { text: '签署时间（北京时间）', size: 6.5 },
    { text: chinaTime(input.signingTime), size: 8.5 },
    { text: isoUtc(input.signingTime), size: 7 },
    { text: '验证码', size: 6.5 },
    { text: input.verificationCode, size: 8.5 },
  ];
}

/** "2025-03-01 18:00:00": the wall-clock time in Beijing. */
export function chinaTime(date: Date): string {
  return new Date(date.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2025-03-01T10:00:00Z": ISO 8601 in UTC, to the second as /M records it. */
export function isoUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
