// An account's name (issue 17): the `work` of `openai-codex:codex-cli@work`. One rule for the config
// schema, the gateway's `accounts.add` and the dashboard's form, so all three refuse the same names.

/** 1–32 lower-case letters, digits, `-` or `_`, starting with a letter or digit. */
export const ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Why a name is refused, in the words every place uses. */
export const ACCOUNT_ID_RULE = 'must be 1–32 lower-case letters, digits, "-" or "_" (e.g. "work")';
