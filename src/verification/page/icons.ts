/**
 * The page's icons as inline SVG markup (no icon font, nothing fetched). Icons never carry meaning
 * alone: each stands next to the words it illustrates, so they are hidden from assistive
 * technology.
 */
import { el, type Element } from './markup';

// Each icon: a list of [element, attributes] drawn on a 24x24 grid with the current colour.
type Shape = [string, Record<string, string>];
const CIRCLE: Shape = ['circle', { cx: '12', cy: '12', r: '10' }];
const ICONS: Record<string, Shape[]> = {
  'verdict-ok': [CIRCLE, ['path', { d: 'M7.5 12.5l3 3 6-6.5' }]],
  'verdict-bad': [
    ['path', { d: 'M8.2 2.8h7.6l5.4 5.4v7.6l-5.4 5.4H8.2l-5.4-5.4V8.2z' }],
    ['path', { d: 'M9 9l6 6M15 9l-6 6' }],
  ],
  'verdict-unknown': [
    CIRCLE,
    ['path', { d: 'M9.5 9.3a2.6 2.6 0 015 .9c0 1.7-2.5 2.3-2.5 4' }],
    ['path', { d: 'M12 17.2v.1' }],
  ],
  'verdict-withdrawn': [CIRCLE, ['path', { d: 'M5 5l14 14' }]],
  'verdict-replaced': [
    CIRCLE,
    ['path', { d: 'M7 12h9.5' }],
    ['path', { d: 'M13 8.5l3.5 3.5-3.5 3.5' }],
  ],
  alert: [
    ['path', { d: 'M12 3l9.5 17h-19z' }],
    ['path', { d: 'M12 10v4.5' }],
    ['path', { d: 'M12 17.5v.1' }],
  ],
  info: [CIRCLE, ['path', { d: 'M12 11v6' }], ['path', { d: 'M12 7.5v.1' }]],
  'check-passed': [['path', { d: 'M5 12.5l4.5 4.5L19 7.5' }]],
  'check-failed': [['path', { d: 'M6 6l12 12M18 6L6 18' }]],
  'check-warning': [
    ['path', { d: 'M12 3l9.5 17h-19z' }],
    ['path', { d: 'M12 10v4' }],
    ['path', { d: 'M12 17v.1' }],
  ],
  'check-not_checked': [['path', { d: 'M6 12h12' }]],
};

/** Which icon goes with each verdict of the page. */
export const VERDICT_ICONS: Record<string, string> = {
  authentic: 'verdict-ok',
  failed: 'verdict-bad',
  unknown: 'verdict-unknown',
  rescinded: 'verdict-withdrawn',
  superseded: 'verdict-replaced',
  'registry-valid': 'verdict-ok',
  'registry-rescinded': 'verdict-withdrawn',
  'registry-superseded': 'verdict-replaced',
};

export function icon(name: string, className?: string): Element {
  const shapes = ICONS[name] ?? ICONS.info ?? [];
  return el(
    'svg',
    {
      viewBox: '0 0 24 24',
      'aria-hidden': 'true',
      focusable: 'false',
      class: `icon ${className || ''}`.trim(),
      'data-icon': name,
    },
    shapes.map(([tag, attrs]) => el(tag, attrs)),
  );
}

/** A registry status as a small label: icon and word, coloured by status. */
export function badge(status: string, text: string): Element {
  const names: Record<string, string> = {
    valid: 'check-passed',
    rescinded: 'check-failed',
    superseded: 'check-warning',
  };
  return el(
    'span',
    { class: `badge badge--${status}` },
    icon(names[status] || 'info', 'badge-icon'),
    text,
  );
}
