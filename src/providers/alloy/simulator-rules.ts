// What the simulator checks in a create body, from https://alloy-docs.netlify.app/reference/unified-api/create-contact-1:
// lastName is the one required member; every documented member has a documented type.

export interface SimFieldError {
  field: string;
  message: string;
}

const LISTS: Record<string, { required: string; members: string[] }> = {
  emailAddresses: { required: "emailAddress", members: ["emailAddressType", "emailAddress"] },
  phoneNumbers: { required: "phoneNumber", members: ["phoneNumberType", "phoneNumber"] },
  addresses: {
    required: "",
    members: ["addressType", "street1", "street2", "city", "state", "countrySubdivision", "country", "postalCode"],
  },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function validateAlloyCreate(body: Record<string, unknown>): SimFieldError[] {
  const errors: SimFieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ field, message: `${field} ${message}` });
  if (typeof body.lastName !== "string" || body.lastName.trim() === "") bad("lastName", "is required.");
  for (const key of ["firstName", "account"]) if (body[key] != null && typeof body[key] !== "string") bad(key, "must be a string.");
  for (const [key, rule] of Object.entries(LISTS)) {
    const list = body[key];
    if (list == null) continue;
    if (!Array.isArray(list)) {
      bad(key, "must be an array.");
      continue;
    }
    for (const [i, item] of list.entries()) {
      if (!isObject(item)) {
        bad(`${key}[${i}]`, "must be an object.");
        continue;
      }
      if (rule.required && typeof item[rule.required] !== "string") bad(`${key}[${i}].${rule.required}`, "is required.");
      for (const member of rule.members)
        if (item[member] != null && typeof item[member] !== "string") bad(`${key}[${i}].${member}`, "must be a string.");
    }
  }
  if (body.remoteFields != null && !isObject(body.remoteFields)) bad("remoteFields", "must be an object.");
  return errors;
}
