import { Arg, Args, Ctx, Directive, ID, Mutation, Query, Resolver } from "type-graphql";
import { createContact, previewCreateContact } from "../contacts.js";
import type { Context } from "../context.js";
import { requiredFields, storageOf, UNIFIED_FIELDS } from "../providers/fields.js";
import { providerList } from "../providers/index.js";
import { CreateContactArgs, PreviewContactArgs } from "./args.js";
import { FieldStorage } from "./enums.js";
import { ContactRequestPreview, CreateContactPayload } from "./payload.js";
import { Contact } from "./contact.js";
import { resolveContactReference } from "./contact.reference.js";
import { ContactProviderInfo } from "./provider-info.js";

/** Thin on purpose: pick the provider and hand over. Translation lives in src/providers. */
@Resolver()
export class ContactResolver {
  @Mutation(() => CreateContactPayload, { description: "Creates a contact in one provider." })
  createContact(@Args(() => CreateContactArgs) args: CreateContactArgs, @Ctx() ctx: Context): Promise<CreateContactPayload> {
    return createContact(ctx, args);
  }

  // The read a frontend makes after a create: the same checks, batched loader and errors as `_entities`.
  @Query(() => Contact, {
    nullable: true,
    description: "A contact by its global id, read back from its provider; null when the provider no longer has it.",
  })
  contact(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<Contact | null> {
    return resolveContactReference({ id }, ctx);
  }

  @Query(() => [ContactProviderInfo], { description: "Per provider: which unified input fields it requires and which it can store." })
  contactProviders(@Ctx() ctx: Context): ContactProviderInfo[] {
    return providerList.map((definition) => {
      const config = ctx.config.providers[definition.id];
      const fields = UNIFIED_FIELDS.map((field) => {
        const rule = definition.fields[field];
        return {
          field,
          storage: storageOf(definition.fields, field),
          required: !!rule?.required,
          upstreamField: rule?.to ?? null,
          minLength: rule?.minLength ?? null,
          maxLength: rule?.maxLength ?? null,
          note: rule?.note ?? null,
        };
      });
      return {
        provider: definition.id,
        configured: !!config,
        sandbox: !!config?.sandbox,
        connectionRequired: definition.connection === "required",
        requiredFields: requiredFields(definition.fields),
        supportedFields: fields.filter((f) => f.storage !== FieldStorage.NONE).map((f) => f.field),
        fields,
      };
    });
  }

  // Internal: a debugging aid for integrators; a contract variant hides it from public clients.
  @Directive(`@tag(name: "internal")`)
  @Query(() => ContactRequestPreview, {
    description:
      "Translate only: the exact upstream request that createContact would send, with every credential redacted. Nothing is sent.",
  })
  previewCreateContact(@Args(() => PreviewContactArgs) args: PreviewContactArgs, @Ctx() ctx: Context): ContactRequestPreview {
    return previewCreateContact(ctx, args);
  }
}
