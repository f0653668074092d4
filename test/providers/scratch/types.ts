import { z } from "zod";

// Wire shapes of a HubSpot-like CRM contacts API: properties in, properties out, string ids.

export interface ScratchCreateContact {
  properties: Record<string, string>;
}

export const scratchContact = z.looseObject({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});
export type ScratchContact = z.infer<typeof scratchContact>;

/** `{status: "error", message, correlationId, category}`; a 409's message names the existing record. */
export const scratchErrorBody = z.looseObject({
  message: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
});
