import type { ContactRecord } from "../../../src/graphql/contact.js";
import type { CreateContactInput } from "../../../src/graphql/inputs.js";
import { compact } from "../../../src/providers/parse.js";
import type { ScratchContactOptions } from "./options.js";
import type { ScratchContact, ScratchCreateContact } from "./types.js";

/** Unified input → Scratch's create body: one email, one phone, flat string properties. */
export function toScratchCreateContact(input: CreateContactInput, options?: ScratchContactOptions | null): ScratchCreateContact {
  return {
    properties: compact({
      email: input.emails?.[0]?.address,
      firstname: input.firstName ?? undefined,
      lastname: input.lastName ?? undefined,
      phone: input.phones?.[0]?.number,
      company: input.companyName ?? undefined,
      jobtitle: input.jobTitle ?? undefined,
      lifecyclestage: options?.lifecycleStage ?? undefined,
    }) as Record<string, string>,
  };
}

/** Scratch's contact → unified. */
export function fromScratchContact(contact: ScratchContact): ContactRecord {
  const property = (name: string) => contact.properties[name] ?? null;
  return {
    providerId: contact.id,
    remoteId: null,
    firstName: property("firstname"),
    lastName: property("lastname"),
    fullName: null,
    emails: property("email") ? [{ address: property("email")! }] : [],
    phones: property("phone") ? [{ number: property("phone")! }] : [],
    addresses: [],
    companyName: property("company"),
    jobTitle: property("jobtitle"),
    customFields: null,
    createdAt: contact.createdAt ?? null,
    updatedAt: contact.updatedAt ?? null,
    providerData: contact,
  };
}
