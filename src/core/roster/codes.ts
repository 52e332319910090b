// Country codes (ISO 3166-1 alpha-2) and language codes (ISO 639-1), and the English names people
// write instead ("Germany", "German"). Names come from the runtime's Intl data for the listed codes,
// plus a few everyday aliases; a name or code not listed here is refused, never guessed.

const ISO_3166_ALPHA2 = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
  "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
  "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
  "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");
/** Kosovo has no ISO code yet; XK is the code the EU, IMF and the platforms use. */
const COUNTRY_CODES = new Set([...ISO_3166_ALPHA2, "XK"]);

const ISO_639_1 = (
  "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es " +
  "et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki " +
  "kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no " +
  "nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te " +
  "tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
).split(" ");
const LANGUAGE_CODES = new Set(ISO_639_1);

const COUNTRY_ALIASES: Record<string, string> = {
  usa: "US", us: "US", "united states of america": "US", america: "US", uk: "GB", "great britain": "GB", britain: "GB",
  england: "GB", scotland: "GB", wales: "GB", "northern ireland": "GB", holland: "NL", "the netherlands": "NL",
  "czech republic": "CZ", turkey: "TR", korea: "KR", "republic of korea": "KR", "russian federation": "RU",
  "hong kong": "HK", macau: "MO", macao: "MO", uae: "AE", emirates: "AE", "ivory coast": "CI", vatican: "VA",
  bosnia: "BA", burma: "MM", swaziland: "SZ", macedonia: "MK", "cabo verde": "CV", "east timor": "TL", palestine: "PS",
  "democratic republic of the congo": "CD", "dr congo": "CD", drc: "CD", congo: "CG", "republic of the congo": "CG",
};
const LANGUAGE_ALIASES: Record<string, string> = {
  deutsch: "de", espanol: "es", francais: "fr", italiano: "it", portugues: "pt", nederlands: "nl", farsi: "fa",
  mandarin: "zh", filipino: "tl", tagalog: "tl", flemish: "nl", castilian: "es", bokmal: "nb", nynorsk: "nn",
};

/** "Côte d’Ivoire" → "cote divoire"; "St. Kitts & Nevis" → "saint kitts and nevis". */
export const nameKey = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’.]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^st /, "saint ")
    .replace(/^the /, "");

function namesOf(codes: readonly string[], type: "region" | "language", aliases: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  let display: Intl.DisplayNames | undefined;
  try {
    display = new Intl.DisplayNames(["en"], { type });
  } catch {
    display = undefined; // a runtime without Intl data: codes and aliases still work
  }
  const add = (name: string, code: string) => {
    const k = nameKey(name);
    if (k && !out.has(k)) out.set(k, code);
  };
  for (const [name, code] of Object.entries(aliases)) add(name, code);
  for (const code of codes) {
    const name = display?.of(code);
    if (!name || name === code) continue;
    add(name, code);
    // "Myanmar (Burma)", "Hong Kong SAR China", "Congo - Kinshasa": the short forms too.
    add(name.replace(/\s*\(.*\)\s*/, ""), code);
    add(name.replace(/ SAR China$/, ""), code);
  }
  return out;
}

let countryNames: Map<string, string> | undefined;
let languageNames: Map<string, string> | undefined;

/** "DE", "de", "Germany", "United Kingdom", "UK" → the ISO 3166 code; null when not a country. */
export function countryCode(s: string): string | null {
  const t = s.trim();
  if (/^[A-Za-z]{2}$/.test(t) && COUNTRY_CODES.has(t.toUpperCase())) return t.toUpperCase();
  countryNames ??= namesOf([...COUNTRY_CODES], "region", COUNTRY_ALIASES);
  return countryNames.get(nameKey(t)) ?? null;
}

/** "en", "EN", "English", "Deutsch" → the ISO 639-1 code; null when not a language. */
export function languageCode(s: string): string | null {
  const t = s.trim();
  if (/^[A-Za-z]{2}$/.test(t) && LANGUAGE_CODES.has(t.toLowerCase())) return t.toLowerCase();
  languageNames ??= namesOf(ISO_639_1, "language", LANGUAGE_ALIASES);
  return languageNames.get(nameKey(t)) ?? null;
}
