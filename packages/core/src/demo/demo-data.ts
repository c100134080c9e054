/** The sample organisation `seed-demo` builds: plausible names, several countries and sites, common hardware. */
export const DEMO_COUNTRIES = [
  { code: 'FR', name: 'France', currency: 'EUR', sites: [{ code: 'PAR', name: 'Paris La Défense', lat: 48.8918, lon: 2.2383, phone: '+33 1 70 38 20 10' }, { code: 'LYS', name: 'Lyon Part-Dieu', lat: 45.7606, lon: 4.8597, phone: '+33 4 72 61 30 10' }] },
  { code: 'DE', name: 'Germany', currency: 'EUR', sites: [{ code: 'MUC', name: 'München Schwabing', lat: 48.1642, lon: 11.5861, phone: '+49 89 3800 1010' }, { code: 'BER', name: 'Berlin Mitte', lat: 52.52, lon: 13.405, phone: '+49 30 2700 4010' }] },
  { code: 'GB', name: 'United Kingdom', currency: 'GBP', sites: [{ code: 'LON', name: 'London King’s Cross', lat: 51.5308, lon: -0.1238, phone: '+44 20 7946 0810' }] },
  { code: 'US', name: 'United States', currency: 'USD', sites: [{ code: 'NYC', name: 'New York Hudson Yards', lat: 40.7538, lon: -74.0019, phone: '+1 212 555 0110' }, { code: 'AUS', name: 'Austin Domain', lat: 30.4021, lon: -97.7253, phone: '+1 512 555 0110' }] },
  { code: 'JP', name: 'Japan', currency: 'JPY', sites: [{ code: 'TYO', name: 'Tokyo Marunouchi', lat: 35.6812, lon: 139.7671, phone: '+81 3 5220 0110' }] },
] as const;

export const DEMO_DEPARTMENTS = ['IT', 'Finance', 'Sales', 'Engineering', 'Human Resources', 'Operations'] as const;

export const DEMO_FIRST_NAMES = ['Amélie', 'Lukas', 'Olivia', 'Noah', 'Yuki', 'Chloé', 'Jonas', 'Emma', 'Liam', 'Haruto', 'Léa', 'Felix', 'Sophia', 'Mason', 'Sakura', 'Hugo', 'Mia', 'Ethan', 'Zoë', 'Ren', 'Inès', 'Finn', 'Ava', 'Lucas', 'Aiko'];
export const DEMO_LAST_NAMES = ['Martin', 'Müller', 'Smith', 'Johnson', 'Sato', 'Bernard', 'Schmidt', 'Williams', 'Brown', 'Suzuki', 'Dubois', 'Schneider', 'Jones', 'Garcia', 'Takahashi', 'Durand', 'Fischer', 'Taylor', 'Miller', 'Tanaka', 'Lefèvre', 'Weber', 'Davies', 'Wilson', 'Watanabe'];

/** `group`: the substitution group — models that can replace one another when one runs out of stock. */
export const DEMO_MODELS = [
  { type: 'laptop', manufacturer: 'Lenovo', name: 'ThinkPad T14 Gen 5', number: '21ML', eolMonths: 48, cost: 1450, group: 'Business laptop 14"' },
  { type: 'laptop', manufacturer: 'Dell', name: 'Latitude 7450', number: 'LAT7450', eolMonths: 48, cost: 1620, group: 'Business laptop 14"' },
  { type: 'laptop', manufacturer: 'Apple', name: 'MacBook Pro 14" M4', number: 'MX2E3', eolMonths: 60, cost: 2299 },
  { type: 'desktop', manufacturer: 'HP', name: 'EliteDesk 800 G9', number: '6B0A', eolMonths: 60, cost: 980 },
  { type: 'monitor', manufacturer: 'Dell', name: 'UltraSharp U2724D', number: 'U2724D', eolMonths: 84, cost: 420 },
  { type: 'phone', manufacturer: 'Apple', name: 'iPhone 16', number: 'A3287', eolMonths: 36, cost: 899, group: 'Smartphone' },
  { type: 'phone', manufacturer: 'Samsung', name: 'Galaxy S25', number: 'SM-S931B', eolMonths: 36, cost: 849, group: 'Smartphone' },
  { type: 'server', manufacturer: 'Dell', name: 'PowerEdge R760', number: 'R760', eolMonths: 72, cost: 14200 },
  { type: 'server', manufacturer: 'HPE', name: 'ProLiant DL380 Gen11', number: 'P52534', eolMonths: 72, cost: 13800 },
] as const;

/**
 * Software licences and SaaS subscriptions of the demo organisation: the licence's expiry or the subscription's renewal
 * falls `dueInDays` after the day the demo is made (negative: already passed), so the overview's monitored dates show
 * some coming up and some passed.
 */
export const DEMO_SOFTWARE = [
  { type: 'software_licence', product: 'Windows Server 2022 Datacenter', seats: 16, cost: 6155, dueInDays: 420 },
  { type: 'software_licence', product: 'VMware vSphere 8 Enterprise Plus', seats: 32, cost: 4780, dueInDays: 45 },
  { type: 'software_licence', product: 'Oracle Database Enterprise Edition', seats: 8, cost: 47500, dueInDays: -12 },
  { type: 'software_licence', product: 'Autodesk AutoCAD 2026', seats: 10, cost: 2175, dueInDays: 75 },
  { type: 'software_licence', product: 'JetBrains All Products Pack', seats: 40, cost: 779, dueInDays: 200 },
  { type: 'software_licence', product: 'Microsoft Visio Plan 2', seats: 25, cost: 180, dueInDays: 330 },
  { type: 'saas_subscription', product: 'Microsoft 365 E3', seats: 800, cost: 432, dueInDays: 30 },
  { type: 'saas_subscription', product: 'Adobe Creative Cloud for teams', seats: 20, cost: 1019, dueInDays: 150 },
  { type: 'saas_subscription', product: 'Atlassian Jira Software Cloud', seats: 150, cost: 95, dueInDays: -5 },
  { type: 'saas_subscription', product: 'Slack Business+', seats: 600, cost: 150, dueInDays: 260 },
] as const;

/**
 * Support contracts of the demo organisation (the shipped Support contract type), each covering the assets of its
 * catalogue models in service that were bought during its term. Its end falls `endsInDays` after the day the demo is
 * made (negative: already passed, the contract still active: the overview shows it to renew or end), its start three
 * years before.
 */
export const DEMO_SUPPORT_CONTRACTS = [
  { name: 'Lenovo Premier Support – ThinkPad fleet', number: 'LPS-4471-2093', models: ['ThinkPad T14 Gen 5'], level: 'next_business_day', line: '+1 855 253 6686', endsInDays: 40, cost: 38000 },
  { name: 'Dell ProSupport – Latitude laptops', number: 'DPS-88120-17', models: ['Latitude 7450'], level: 'next_business_day', line: '+1 800 624 9896', endsInDays: -20, cost: 41000 },
  { name: 'Dell ProSupport Plus – PowerEdge servers', number: 'DPP-90233-02', models: ['PowerEdge R760'], level: 'four_hours', line: '+1 800 945 3355', endsInDays: 400, cost: 96000 },
  { name: 'HPE Tech Care Critical – ProLiant servers', number: 'HPE-TCC-551902', models: ['ProLiant DL380 Gen11'], level: 'four_hours', line: '+1 800 633 3600', endsInDays: 610, cost: 88000 },
] as const;

/** The role the demo's site IT contacts have at their site (each site's local contact). */
export const DEMO_SITE_CONTACT_ROLE = 'Site IT contact';

/** What the holder of a demo laptop or phone is told at hand-over (the models' usage policy). */
export const DEMO_USAGE_POLICY = {
  laptop: 'Full-disk encryption stays on. Report a loss or theft to the service desk within 24 hours. Travel outside the EU, the UK and Japan with this laptop needs IT security approval.',
  phone: 'Company apps only through the managed work profile. Report a loss or theft within 24 hours so the phone can be wiped. No SIM swaps.',
} as const;

export const DEMO_SUPPLIERS = ['Bechtle', 'CDW', 'Computacenter', 'SHI International', 'Insight'] as const;

/** Deterministic pseudo-random numbers (mulberry32), so the same seed gives the same register. */
export function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
