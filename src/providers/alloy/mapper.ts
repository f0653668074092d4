import type { ContactRecord } from "../../graphql/contact.js";
import type { CreateContactInput } from "../../graphql/inputs.js";
import { toCountryCode } from "../country.js";
import { compact } from "../parse.js";
import type { AlloyContactOptions } from "./options.js";
import type { AlloyContact, AlloyCreateContact } from "./types.js";
import {
  ADDRESS_TYPES,
  fromAlloyAddressType,
  fromAlloyEmailType,
  fromAlloyPhoneType,
  toAlloyEmailType,
  toAlloyPhoneType,
} from "./vocabulary.js";

/** customFields, with alloy.remoteFields merged over them (raw fields of the app behind Alloy win). */
export function alloyRemoteFields(input: CreateContactInput, options?: AlloyContactOptions | null) {
  if (!input.customFields && !options?.remoteFields) return undefined;
  return { ...input.customFields, ...options?.remoteFields };
}

/** Unified input → Alloy's create body. Every email, phone and address is sent; lastName was checked present. */
export function toAlloyCreateContact(input: CreateContactInput, options?: AlloyContactOptions | null): AlloyCreateContact {
  return {
    lastName: input.lastName!,
    ...compact({
      firstName: input.firstName,
      account: input.companyName,
      emailAddresses: input.emails?.map((e, i) => ({ emailAddressType: toAlloyEmailType(e.type, i), emailAddress: e.address })),
      phoneNumbers: input.phones?.map((p, i) => ({ phoneNumberType: toAlloyPhoneType(p.type, i), phoneNumber: p.number })),
      addresses: input.addresses?.map((a) =>
        compact({
          addressType: a.type ? ADDRESS_TYPES[a.type] : undefined,
          street1: a.line1,
          street2: a.line2,
          city: a.city,
          state: a.state,
          country: a.countryCode,
          postalCode: a.postalCode,
        }),
      ),
      remoteFields: alloyRemoteFields(input, options),
    }),
  };
}

const present = <T>(items: (T | null)[] | null | undefined): T[] => (items ?? []).filter((x): x is T => x !== null);

/** Alloy's contact → unified. `account` is an object (its name is taken) or a string. */
export function fromAlloyContact(contact: AlloyContact): ContactRecord {
  const account = typeof contact.account === "string" ? contact.account : contact.account?.name;
  return {
    providerId: contact.id,
    remoteId: contact.remoteId === null || contact.remoteId === undefined ? null : String(contact.remoteId),
    firstName: contact.firstName ?? null,
    lastName: contact.lastName ?? null,
    fullName: null,
    emails: present(contact.emailAddresses)
      .filter((e) => e.emailAddress)
      .map((e) => ({ address: e.emailAddress!, type: fromAlloyEmailType(e.emailAddressType) })),
    phones: present(contact.phoneNumbers)
      .filter((p) => p.phoneNumber)
      .map((p) => ({ number: p.phoneNumber!, type: fromAlloyPhoneType(p.phoneNumberType) })),
    addresses: present(contact.addresses).map((a) => ({
      line1: a.street1 ?? null,
      line2: a.street2 ?? null,
      city: a.city ?? null,
      // Some CRMs fill the region only as countrySubdivision.
      state: a.state ?? a.countrySubdivision ?? null,
      postalCode: a.postalCode ?? null,
      countryCode: toCountryCode(a.country),
      type: fromAlloyAddressType(a.addressType),
    })),
    companyName: account ?? null,
    customFields: contact.remoteFields && Object.keys(contact.remoteFields).length ? contact.remoteFields : null,
    createdAt: contact.createdAt ?? null,
    updatedAt: contact.updatedAt ?? null,
    providerData: contact,
  };
}
