/**
 * Free-text search ignores case and accents, as the peers' MySQL collations do: "muller" finds "Müller", "ecole"
 * finds "École", "alesund" finds "Ålesund". Letters are folded one for one (so both engines can do it in SQL:
 * `translate(lower(x), FROM, TO)` on PostgreSQL, a registered function on SQLite): the accented Latin letters of
 * Latin-1 and Latin Extended-A to their base letter, including the ones Unicode does not decompose (ø, ł, đ, ħ, ı, ŧ).
 * Letters that would need two (ß, æ, œ, þ) are left as they are, on both sides of the comparison.
 */
export const SEARCH_FOLD_FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž';
export const SEARCH_FOLD_TO =
  'aaaaaaceeeeiiiinoooooouuuuyaaaaaaceeeeiiiinoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllllnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz';

const FOLD = new Map([...SEARCH_FOLD_FROM].map((c, i) => [c, SEARCH_FOLD_TO[i]!]));
// Every letter of SEARCH_FOLD_FROM is one UTF-16 unit (U+00C0–U+017F): a character class finds them.
const FOLDED = new RegExp(`[${SEARCH_FOLD_FROM}]`, 'g');
const fold = (c: string) => FOLD.get(c)!;

/**
 * Text as search compares it: lower case, then the accented letters of SEARCH_FOLD_FROM folded. It runs per row of a
 * search on SQLite, so it is a lower-casing and one regular-expression pass.
 */
export function foldForSearch(text: string): string {
  return text.toLowerCase().replace(FOLDED, fold);
}
