import { tokenize } from "./options";

// Organizations as readers name them: by display name ("Stanford
// University"), by handle ("StanfordUniversity"), or by acronym ("MIT",
// "CMU"). The index holds all three in the organization field, and the
// organization filter matches the display name or the handle by prefix.

/** Acronyms readers use that are not the name's initials. */
const ALIASES: Record<string, string[]> = {
  "tsinghua university": ["thu"],
  "peking university": ["pku"],
  "university of california, berkeley": ["ucb", "berkeley"],
  "uc berkeley": ["ucb"],
  "eth zurich": ["ethz"],
  "google deepmind": ["deepmind", "gdm"],
  "ai at meta": ["fair", "facebook"],
  "hong kong university of science and technology": ["hkust"],
  "the hong kong university of science and technology": ["hkust"],
};

/** Words left out of initials: "Massachusetts Institute of Technology" is MIT. */
const MINOR = new Set(["of", "the", "and", "for", "at", "in", "de", "la", "du", "fur", "für"]);

/**
 * Other names of an organization: its initials when the name has three
 * words or more (shorter ones are too ambiguous: "Meta Research" is not
 * "MR"), and the alias table's.
 */
export function organizationAliases(name: string | null): string[] {
  if (!name) return [];
  const words = tokenize(name).filter((w) => w && !MINOR.has(w.toLowerCase()));
  const out = new Set<string>(ALIASES[name.trim().toLowerCase()] ?? []);
  if (words.length >= 3 && words.length <= 8 && words.every((w) => /^\p{L}/u.test(w)))
    out.add(words.map((w) => w[0]!.toLowerCase()).join(""));
  return [...out];
}

/**
 * The organization field of a paper: display name, handle, aliases; a line
 * each. (Not the handle cut into words: "AgentAlphaAGI" would make every
 * paper of that organization an "agent" paper.)
 */
export function organizationText(name: string | null, handle: string | null): string {
  const lines = [name, handle, ...organizationAliases(name)];
  return [...new Set(lines.filter((l): l is string => !!l))].join("\n");
}

/** The stored organization key: handle and display name, lower-cased, a tab apart ("" when none). */
export function organizationKey(handle: string | null, name: string | null): string {
  const h = (handle ?? "").trim().toLowerCase();
  const n = (name ?? "").trim().toLowerCase();
  return h || n ? `${h}\t${n}` : "";
}

export function handleOfKey(key: string): string {
  const tab = key.indexOf("\t");
  return tab < 0 ? key : key.slice(0, tab);
}

/**
 * The organization filter: a key matches when the handle starts with the
 * filter, or the display name does, or one of its words does ("Meta" finds
 * "AI at Meta"), all without case.
 */
export function organizationFilter(filter: string): (key: string) => boolean {
  const f = filter.trim().toLowerCase().replace(/\s+/g, " ");
  return (key) => {
    if (!f || !key) return false;
    const tab = key.indexOf("\t");
    const handle = tab < 0 ? key : key.slice(0, tab);
    const name = tab < 0 ? "" : key.slice(tab + 1);
    if (handle.startsWith(f) || name.startsWith(f)) return true;
    for (let i = name.indexOf(" "); i >= 0; i = name.indexOf(" ", i + 1))
      if (name.startsWith(f, i + 1)) return true;
    return false;
  };
}
