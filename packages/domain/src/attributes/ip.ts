/** Strict IPv4 / IPv6 literal check (no ports, no zone ids). */
const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(value: string): boolean {
  return V4.test(value);
}

export function isIPv6(value: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(value) || value.length > 45) return false;
  let head = value;
  let groupsForV4 = 0;
  const lastColon = value.lastIndexOf(':');
  if (value.includes('.')) {
    if (!isIPv4(value.slice(lastColon + 1))) return false;
    head = value.slice(0, lastColon + 1) + '0:0';
    groupsForV4 = 0;
  }
  const parts = head.split('::');
  if (parts.length > 2) return false;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(parts[0]!);
  const right = parts.length === 2 ? groups(parts[1]!) : [];
  const all = [...left, ...right];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = all.length + groupsForV4;
  return parts.length === 2 ? count < 8 : count === 8;
}

export function isIP(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}
