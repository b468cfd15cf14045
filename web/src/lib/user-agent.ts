// A person recognises a login by its device ("Chrome on Linux", "Safari on
// iPhone"), not by its User-Agent header. Only the common browsers and systems
// are named; anything else shows the agent's own product name ("LensletApp"),
// which is what apps and scripts put first.

const BROWSERS: { name: string; pattern: RegExp }[] = [
  // Order matters: Edge, Opera and Samsung Internet also say "Chrome" and "Safari";
  // Chrome says "Safari"; the iOS builds of Chrome and Firefox have their own tokens.
  { name: 'Edge', pattern: /\bEdg(?:e|A|iOS)?\// },
  { name: 'Opera', pattern: /\b(?:OPR|Opera)\// },
  { name: 'Samsung Internet', pattern: /\bSamsungBrowser\// },
  { name: 'Firefox', pattern: /\b(?:Firefox|FxiOS)\// },
  { name: 'Chrome', pattern: /\b(?:HeadlessChrome|Chrome|Chromium|CriOS)\// },
  { name: 'Safari', pattern: /\bVersion\/[\d.]+.*\bSafari\// },
];

const SYSTEMS: { name: string; pattern: RegExp }[] = [
  // Before macOS and Linux: an iPhone says "like Mac OS X", Android says "Linux".
  { name: 'iPhone', pattern: /\biPhone\b/ },
  { name: 'iPad', pattern: /\biPad\b/ },
  { name: 'Android', pattern: /\bAndroid\b/ },
  { name: 'ChromeOS', pattern: /\bCrOS\b/ },
  { name: 'Windows', pattern: /\bWindows\b/ },
  { name: 'macOS', pattern: /\bMac(?:intosh| OS X)\b/ },
  { name: 'Linux', pattern: /\bLinux\b/ },
];

function firstMatch(list: { name: string; pattern: RegExp }[], agent: string): string | undefined {
  return list.find((entry) => entry.pattern.test(agent))?.name;
}

/** "Chrome on Linux", "Safari on iPhone", "Firefox", "LensletApp", "Unknown device". */
export function deviceName(userAgent: string): string {
  const agent = userAgent.trim();
  if (!agent) return 'Unknown device';
  const browser = firstMatch(BROWSERS, agent);
  const system = firstMatch(SYSTEMS, agent);
  // Apps and scripts ("LensletApp/2.1 (iOS 18)", "curl/8.5") name themselves first;
  // "Mozilla/5.0" is only the browsers' historical prefix.
  const product = /^[A-Za-z][\w.-]*/.exec(agent)?.[0];
  const named = product && product !== 'Mozilla' ? product : undefined;
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (named) return named;
  if (system) return `Browser on ${system}`;
  return 'Unknown device';
}
