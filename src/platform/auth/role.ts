import { registerEnumType } from "type-graphql";

export enum Role {
  EDITOR = "EDITOR",
  ADMIN = "ADMIN",
}

registerEnumType(Role, {
  name: "Role",
  description: "What an API token may do. Anyone may read the directory without a token.",
  valuesConfig: {
    EDITOR: { description: "May change the directory: create, update, delete and reorder its entries." },
    ADMIN: { description: "Everything an editor may do, and manage tokens, import files and read the audit trail." },
  },
});

/** Roles each role includes: an admin is also an editor. */
export const GRANTS: Record<Role, Role[]> = {
  [Role.EDITOR]: [Role.EDITOR],
  [Role.ADMIN]: [Role.ADMIN, Role.EDITOR],
};
