/**
 * The inbox's keys, shared by the page (which lists them under "Keys", at build time) and its
 * script (web/inbox/keyboard.ts). Each is a letter key, matched by its place on the keyboard
 * (`KeyboardEvent.code`), so that it works the same with a Polish, Romanian or Arabic layout.
 * None of them declines, hands over, flags or closes a case: those steps have their own forms.
 */
export const SHORTCUTS = {
  next: "j",
  previous: "k",
  claim: "c",
  reply: "r",
} as const;

export type Shortcut = keyof typeof SHORTCUTS;

/** The shortcut of a key's `KeyboardEvent.code` ("KeyJ"), if it is one. */
export function shortcutOf(code: string): Shortcut | undefined {
  const entry = Object.entries(SHORTCUTS).find(
    ([, letter]) => code === `Key${letter.toUpperCase()}`,
  );
  return entry?.[0] as Shortcut | undefined;
}
