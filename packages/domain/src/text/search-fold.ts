/**
 * Free-text search ignores case and accents, as the peers' MySQL collations do: "muller" finds "Müller", "ecole"
 * finds "École", "alesund" finds "Ålesund", "strasse" finds "Straße". Lower case first; then the accented Latin letters
 * of Latin-1 and Latin Extended-A are folded one for one to their base letter, including the ones Unicode does not
 * decompose (ø, ł, đ, ħ, ı, ŧ); then the letters written as two (ß, æ, œ, þ) are expanded. Both engines can do it in SQL:
 * `replace(…translate(lower(x), FROM, TO)…)` on PostgreSQL (data's `pgFoldedSql`), a registered function on SQLite.
 */
export const SEARCH_FOLD_FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž';
export const SEARCH_FOLD_TO =
  'aaaaaaceeeeiiiinoooooouuuuyaaaaaaceeeeiiiinoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllllnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz';

/**
 * Letters folded to two, as German, Danish, Norwegian, French and Icelandic readers type them. Both cases are listed
 * so that SQL folds them even where `lower()` does not reach beyond ASCII (a PostgreSQL database in the C locale).
 */
export const SEARCH_FOLD_EXPANSIONS: readonly (readonly [letter: string, letters: string])[] = [
  ['ß', 'ss'], ['ẞ', 'ss'], ['æ', 'ae'], ['Æ', 'ae'], ['œ', 'oe'], ['Œ', 'oe'], ['þ', 'th'], ['Þ', 'th'],
];

const FOLD = new Map<string, string>([...[...SEARCH_FOLD_FROM].map((c, i) => [c, SEARCH_FOLD_TO[i]!] as const), ...SEARCH_FOLD_EXPANSIONS]);
// Every letter folded is one UTF-16 unit (U+00C0–U+017F, U+1E9E): a character class finds them.
const FOLDED = new RegExp(`[${SEARCH_FOLD_FROM}${SEARCH_FOLD_EXPANSIONS.map(([c]) => c).join('')}]`, 'g');
const fold = (c: string) => FOLD.get(c)!;

/**
 * Text as search compares it: lower case, then the letters of SEARCH_FOLD_FROM and SEARCH_FOLD_EXPANSIONS folded. It
 * runs per row of a search on SQLite, so it is a lower-casing and one regular-expression pass.
 */
export function foldForSearch(text: string): string {
  return text.toLowerCase().replace(FOLDED, fold);
}
