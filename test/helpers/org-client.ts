/** Staff of organisations calling the organisations' API of a test system, with real tokens. */
import { armor, Encrypter } from "age-encryption";
import { auditLog, credentialStore } from "../../functions/adapters/dynamo-access.ts";
import type { Caller } from "../../functions/ports/access.ts";
import { issueCredential } from "../../functions/use-cases/credentials.ts";
import type { TestSystem } from "./test-system.ts";

export interface OrgAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface OrgClient {
  token: string;
  get(path: string): Promise<OrgAnswer>;
  post(path: string, body?: unknown): Promise<OrgAnswer>;
}

export function clientWith(system: TestSystem, token: string): OrgClient {
  const call = async (method: string, path: string, body?: unknown): Promise<OrgAnswer> => {
    const response = await fetch(`${system.url}/api/v1/${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : {},
    };
  };
  return {
    token,
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body ?? {}),
  };
}

/** A token issued the way `intake org token issue` issues one, and a client that uses it. */
export async function staffClient(
  system: TestSystem,
  caller: Caller,
  days = 30,
): Promise<OrgClient> {
  const { token } = await issueCredential(
    { credentials: credentialStore, audit: auditLog },
    caller,
    days,
    Date.now(),
  );
  return clientWith(system, token);
}

export const staff = (organisation: string, name = "Sam") =>
  ({ kind: "staff", organisation, name }) as const satisfies Caller;

/** Seals a text to age recipients, ASCII-armored, as the inbox does in the browser. */
export async function sealTo(recipients: string[], text: string): Promise<string> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(text));
}
