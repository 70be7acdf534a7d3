/**
 * The closed vocabularies of the report contract (docs/report-contract.md, section 2).
 * Each list is the contract's order; new members may be appended, never renamed or removed,
 * because they are stored, routed on and shown to organisations.
 */

export const CONTRACT_VERSION = 1;
export const POLICY_VERSION = "1";

export const REPORTERS = ["self", "someone_else"] as const;
export const TRISTATE = ["yes", "no", "unsure"] as const;
export const SITUATIONS = ["ongoing", "left_in_contact", "left_no_contact", "unsure"] as const;

export const EXPLOITATION_TYPES = [
  "labour",
  "sexual",
  "online_sexual",
  "criminal",
  "begging",
  "domestic_servitude",
  "forced_marriage",
  "organ_removal",
  "other",
  "unsure",
] as const;

export const SECTORS = [
  "agriculture",
  "construction",
  "logistics",
  "manufacturing",
  "meat_processing",
  "cleaning",
  "hospitality",
  "domestic_work",
  "care",
  "transport",
  "beauty",
  "sex_work",
  "webcam",
  "cannabis",
  "other",
] as const;

/** The ILO indicators of forced labour, asked on the form as concrete questions. */
export const INDICATORS = [
  "deception",
  "restricted_movement",
  "isolation",
  "violence",
  "sexual_violence",
  "threats",
  "documents_withheld",
  "wages_withheld",
  "debt_bondage",
  "abusive_conditions",
  "excessive_overtime",
  "housing_via_employer",
  "forced_crime",
] as const;

export const LOSSES = ["job", "housing", "residence_permit", "documents", "income"] as const;

export const NEEDS = [
  "safety",
  "shelter",
  "medical",
  "legal",
  "residence",
  "income",
  "work",
  "psychosocial",
  "children",
  "debt",
  "return_home",
  "information",
  "youth_protection",
] as const;

export const CIRCUMSTANCES = ["pregnant", "children_with_me", "phone_monitored"] as const;

export const CONTACT_CHANNELS = ["none", "phone", "email", "messaging", "trusted_person"] as const;

export const URGENCIES = ["emergency", "high", "standard", "information"] as const;

export const ORGANISATION_KINDS = ["care", "authority"] as const;

/**
 * The form languages the product ships catalogs for. A region may offer any subset;
 * adding one here means adding its catalog (docs/i18n.md).
 */
export const SUPPORTED_LOCALES = [
  "nl",
  "en",
  "pl",
  "ro",
  "bg",
  "hu",
  "uk",
  "es",
  "fr",
  "ar",
  "zh",
  "vi",
  "pt",
  "tr",
  "ru",
  "sq",
  "ti",
  "fa",
  "ur",
  "hi",
  "tl",
  "th",
  "de",
  "it",
] as const;

/**
 * Languages a person may be contacted in beyond the form's own: some of the most asked.
 * A closed list, like every other answer: a language code reaches organisations in clear, so
 * it must not carry free text (`en-call-after-six`).
 */
export const OTHER_CONTACT_LANGUAGES = ["lt", "lv", "sk", "cs", "so"] as const;

/** Every language a report may name in `contactLanguages` (contract, section 1). */
export const CONTACT_LANGUAGES = [...SUPPORTED_LOCALES, ...OTHER_CONTACT_LANGUAGES] as const;

export type Reporter = (typeof REPORTERS)[number];
export type Tristate = (typeof TRISTATE)[number];
export type Situation = (typeof SITUATIONS)[number];
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];
export type Sector = (typeof SECTORS)[number];
export type Indicator = (typeof INDICATORS)[number];
export type Loss = (typeof LOSSES)[number];
export type Need = (typeof NEEDS)[number];
export type Circumstance = (typeof CIRCUMSTANCES)[number];
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export type Locale = (typeof SUPPORTED_LOCALES)[number];
